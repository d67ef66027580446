"""Programming contests (Tin học trẻ Bảng A–C) and their grading by the program judge: problems (packages,
statements, the files a program reads and writes, a package's faults), submitting and queueing for
grading, running a contest's grading, test runs, live status, announcements and clarifications, the
scoreboard (``scoreboard``) and the awards from its final board, and Themis contest folders in and out
(``themis_folders``).
"""
