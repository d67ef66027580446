"""What the conformance tests share: a source compiled in a session, and run once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sandbox.languages import LANGUAGES
from sandbox.limits import Limits
from sandbox.session import Execution, Session

#: A greeting in every language the judge runs.
HELLO = {
    "c": '#include <stdio.h>\nint main(void) { printf("Xin chao\\n"); return 0; }\n',
    "cpp": '#include <iostream>\nint main() { std::cout << "Xin chao" << std::endl; }\n',
    "pascal": "program hello;\nbegin\n  writeln('Xin chao');\nend.\n",
    "python": 'print("Xin chao")\n',
}


def compiled(session: Session, language: str, source: str) -> Session:
    """``session`` with ``source`` compiled in it (the test fails with the compiler's messages otherwise)."""
    result = session.compile(LANGUAGES[language], source.encode())
    assert result.ok, result.output
    return session


def run(
    session: Session,
    language: str,
    source: str,
    limits: Limits | None = None,
    *,
    stdin: bytes = b"",
    files: Mapping[str, bytes] | None = None,
    collect: Sequence[str] = (),
) -> Execution:
    """Compile ``source`` in ``session`` and run it once."""
    return compiled(session, language, source).run(limits or Limits(), stdin=stdin, files=files, collect=collect)


SEND_INTO_OWN_QUEUE = r"""#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
/* Makes the unix socket pair ``pair`` and sends ``fd`` and ``pair[0]`` into that pair's own queue; returns what
   sendmsg returned. Once the program closes both ends, no process holds ``fd``'s file nor the socket: only the
   socket's queue does, until the kernel's collector of such cycles runs (when some unix socket on the host is next
   closed: seconds later, or never on a quiet host). */
static int send_into_own_queue(int fd, int pair[2]) {
    int fds[2];
    char control[CMSG_SPACE(sizeof fds)], byte = 'x';
    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    fds[0] = fd, fds[1] = pair[0];
    struct iovec iov = {&byte, 1};
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                             .msg_controllen = sizeof control};
    struct cmsghdr *rights = CMSG_FIRSTHDR(&message);
    rights->cmsg_level = SOL_SOCKET, rights->cmsg_type = SCM_RIGHTS, rights->cmsg_len = CMSG_LEN(sizeof fds);
    memcpy(CMSG_DATA(rights), fds, sizeof fds);
    return sendmsg(pair[1], &message, 0);
}
"""
