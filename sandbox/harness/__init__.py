"""The harness that runs inside a sandbox: one JSON command per stdin line, one JSON answer per stdout line.

It is started as the first process (PID 1) of the sandbox's own PID namespace, so that ``kill(-1, SIGKILL)``
reaches every process a run left behind and nothing inside can kill the harness. It uses the standard
library only and is started as ``python3 -I -S -c <this source> <workdir>`` by both backends, so the runner
image does not have to change when the harness does.

Each run: the working directory is filled with a fresh copy of the stored program and the run's files;
stdin is a memory file; stdout and stderr are pipes drained with a cap (RLIMIT_FSIZE caps files). The
program is forked and exec'd in a process group of its own with its limits set by setrlimit, and traced with ptrace so
that the harness learns, without cgroups, its peak resident memory and whether an anonymous ``mmap`` or an
``mremap`` failed for lack of address space (a seccomp filter stops the program only at those calls). One
helper thread drains the output, stopping the run when it is too long, and enforces the wall-clock and CPU
limits. Afterwards every leftover process is killed and reaped, System V IPC objects are removed and the
working directory is emptied.

The harness is one program, split into modules by what they do: ``common`` (shared plumbing), ``memwatch``
(seccomp and ptrace), ``monitor`` (output and clocks), ``runner`` (one command) and ``protocol`` (the main
loop, see there for the commands). ``sandbox.harness_client.harness_source`` joins them into the one source
text the sandbox receives, so they import only the standard library and each other, with top-level
``from .module import ...`` statements.
"""
