/*
 * outdir.h - the out dir of a build, made with its missing parents
 * (`-o a/b/c` creates a, a/b and a/b/c as needed), and a check that this
 * user can write into it, before the lock file is opened.
 */
#ifndef BAOCAO_OUTDIR_H
#define BAOCAO_OUTDIR_H

/* Create `dir` and its missing parents (mode 0777 less the umask) and
 * check that it can be written. 0 ready; -1 when it cannot be, with an
 * error naming the folder at fault and why, and a note saying what to
 * do, on stderr. */
int	outdir_make(const char *dir);

#endif
