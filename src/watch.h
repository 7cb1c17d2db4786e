/*
 * watch.h - `baocao watch`: build a report, then build it again each
 * time the YAML or a file it uses changes.
 */
#ifndef BAOCAO_WATCH_H
#define BAOCAO_WATCH_H

/*
 * Runs `baocao watch [OPTION]... FILE`; argv[0] is "watch". Returns
 * the exit status once it stops: 128 + the signal that stopped it (130
 * for Ctrl-C, 143 for SIGTERM), 1 when the folder of FILE can no longer
 * be watched, 2 a usage error or no watch could be set up.
 */
int
watch_run(int argc, char **argv);

#endif
