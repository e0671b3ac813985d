/* file-reader PATH: copies PATH to stdout; exits 1 with the error on stderr when it cannot. A
 * program of its own (not a busybox applet), so it has its own executable path to learn. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc != 2) return 2;
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) { fprintf(stderr, "file-reader: %s: %s\n", argv[1], strerror(errno)); return 1; }
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) if (write(1, buf, (size_t)n) != n) return 1;
  close(fd);
  return n < 0 ? 1 : 0;
}
