/**
 * A long-lived datagram sender, since Node cannot open AF_UNIX datagram sockets: one JSON
 * string per stdin line becomes one datagram; "ok" or "error …" per line on stdout. At end of
 * input it sends BARRIER=1 with a pipe and waits for the manager to close it, so nothing it
 * sent is lost when it exits.
 */
export const PYTHON_HELPER = String.raw`
import array, json, os, select, socket, sys
path = os.environ["NOTIFY_SOCKET"]
addr = "\0" + path[1:] if path.startswith("@") else path
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
out = sys.stdout
out.write("started\n"); out.flush()
for line in sys.stdin:
    try:
        sock.sendto(json.loads(line).encode("utf-8"), addr)
        out.write("ok\n")
    except Exception as e:
        out.write("error %s\n" % str(e).replace("\n", " "))
    out.flush()
try:
    r, w = os.pipe()
    sock.sendmsg([b"BARRIER=1"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [w]))], 0, addr)
    os.close(w)
    p = select.poll(); p.register(r, select.POLLHUP); p.poll(5000)
except Exception:
    pass
`;
