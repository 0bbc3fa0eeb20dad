/**
 * A long-lived datagram sender, since Node cannot open AF_UNIX datagram sockets: one JSON
 * string per stdin line becomes one datagram; "ok", "refused …" (the text) or "error …" (the
 * sending) per line on stdout. It reads
 * and writes bytes, so the locale's encoding never matters, and refuses a message systemd
 * would drop (a NUL) or that is not valid text (a lone surrogate), so a refusal is never
 * silent. At end of input it sends BARRIER=1 with a pipe and waits for the manager to close
 * it, so nothing it sent is lost when it exits.
 */
export const PYTHON_HELPER = String.raw`
import array, json, os, select, socket, sys
path = os.environ["NOTIFY_SOCKET"]
addr = "\0" + path[1:] if path.startswith("@") else path
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
out = sys.stdout.buffer
def reply(text):
    out.write(text.encode("ascii", "backslashreplace") + b"\n")
    out.flush()
reply("started")
for line in sys.stdin.buffer:
    try:
        data = json.loads(line).encode("utf-8")
        if b"\0" in data:
            raise ValueError("the message holds a NUL byte, which systemd ignores")
    except ValueError as e:
        reply("refused %s" % str(e).replace("\n", " "))
        continue
    try:
        sock.sendto(data, addr)
        reply("ok")
    except Exception as e:
        reply("error %s" % str(e).replace("\n", " "))
try:
    r, w = os.pipe()
    sock.sendmsg([b"BARRIER=1"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [w]))], 0, addr)
    os.close(w)
    p = select.poll(); p.register(r, select.POLLHUP); p.poll(5000)
except Exception:
    pass
`;
