# Fallback when /usr/bin/time is missing: runs a command and writes "<peak RSS KiB> <user s> <sys s>"
# from wait4(2), the same figures GNU time's %M %U %S report.
import os, sys

out, argv = sys.argv[1], sys.argv[3:]
pid = os.posix_spawnp(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
with open(out, "w") as f:
    f.write("%d %.3f %.3f\n" % (usage.ru_maxrss, usage.ru_utime, usage.ru_stime))
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
