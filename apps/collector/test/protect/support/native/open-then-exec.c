/* open-then-exec PATH PROG [ARG...]: opens PATH (an app allowed to), closes it, then execs PROG in
 * the same process (same pid, same start time). The verdict for PROG's own opens must be PROG's:
 * an allow-list check that remembered the process from before the exec would let it through.
 * Prints "open: ok" or "open: <error>" before the exec. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc < 3) return 2;
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) printf("open: %s\n", strerror(errno));
  else { printf("open: ok\n"); close(fd); }
  fflush(stdout);
  execv(argv[2], argv + 2);
  fprintf(stderr, "open-then-exec: exec %s: %s\n", argv[2], strerror(errno));
  return 127;
}
