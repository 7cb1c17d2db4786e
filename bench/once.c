/*
 * once.c - run a command once and print "WALL_NS CPU_US MAXRSS_KIB EXIT"
 * (bench/run.py). A small C process forks and execs it and waits with
 * wait4(), so what is measured is the command alone, from fork to exit:
 * forking the Python harness itself would add some 1.5 ms of page-table
 * copying to every run and count the harness's own resident memory as
 * the command's peak. stdout and stderr of the command go to /dev/null.
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec	 t0, t1;
	struct rusage	 ru;
	int		 status, fd;
	pid_t		 pid;

	if (argc < 2) {
		fputs("usage: once CMD [ARG]...\n", stderr);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0)
		return 2;
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%lld %lld %ld %d\n",
	    (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL +
	    (t1.tv_nsec - t0.tv_nsec),
	    (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000LL +
	    ru.ru_utime.tv_usec + ru.ru_stime.tv_usec,
	    ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	return 0;
}
