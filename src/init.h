/*
 * init.h - `baocao init`: write a commented starting report.
 */
#ifndef BAOCAO_INIT_H
#define BAOCAO_INIT_H

/*
 * Runs `baocao init [--kind state|party] [FILE]`; argv[0] is "init".
 * Returns the exit status: 0 written, 1 the file exists or could not be
 * written, 2 a usage error.
 */
int
init_run(int argc, char **argv);

#endif
