"""The harness that runs inside a sandbox: one JSON command per stdin line, one JSON answer per stdout line.

It is started as the first process (PID 1) of the sandbox's own PID namespace, so that ``kill(-1, SIGKILL)``
reaches every process a run left behind and nothing inside can kill the harness. It uses the standard
library only and is started as ``python3 -I -S -c <this source> <workdir>`` by both backends, so the runner
image does not have to change when the harness does.

Each run: the working directory is filled with a fresh copy of the stored program and the run's files;
stdin is a memory file (or a pipe, in a streaming run); stdout and stderr are pipes drained with a cap
(RLIMIT_FSIZE caps files). The program is forked and exec'd in a process group of its own, in a fresh cgroup
made for the run under the folder the host delegated (``cgroup``): the kernel limits and counts its memory
(every process and thread, the files and memory files it makes), its processes and its CPU time. One helper
thread drains the output, stopping the run when it is too long, and enforces the wall-clock and CPU limits.
Afterwards every leftover process is killed and reaped; once the answer is sent, System V IPC objects are removed,
the working directory is emptied, the run's cgroup removed and the next run's made ahead of need.

The harness is one program, split into modules by what they do: ``common`` (shared plumbing), ``seccomp`` (the
system calls no program may make), ``cgroup`` (a run's cgroup), ``monitor`` (output and clocks), ``box`` (the
working directory), ``runner`` (one command) and ``protocol`` (the main loop, see there for the commands).
``sandbox.harness_source.harness_source`` joins them into the one source text the sandbox receives, so they import
only the standard library and each other, with top-level ``from .module import ...`` statements.
"""
