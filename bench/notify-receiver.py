# A NOTIFY_SOCKET for the benchmark: binds an AF_UNIX datagram socket (Node cannot) and prints
# "<epoch ms> <message with newlines as |>" for every datagram, as systemd would receive it.
import os, socket, sys, time

path = sys.argv[1]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
print("bound", flush=True)
while True:
    data = sock.recv(65536)
    print("%.3f %s" % (time.time() * 1000, data.decode("utf-8", "replace").strip().replace("\n", "|")), flush=True)
