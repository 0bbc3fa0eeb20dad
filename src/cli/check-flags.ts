import { Option, type Command } from 'commander';

/** What a TARGET argument may be, for every command's help. */
export const TARGET_HELP = 'http(s) URL, HOST:PORT, tcp://HOST:PORT or grpc(s)://HOST:PORT[/service] (default: $HEALTHCTL_TARGET, else http://127.0.0.1:28080/status)';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The options shared by probe, wait, diagnose and run; no defaults here, so HEALTHCTL_* can fill the gaps. */
export function addCheckFlags(command: Command, timeoutHelp = 'deadline for one check, e.g. 800ms, 5s; a bare number is seconds (default: per runtime)'): Command {
  return command
    .addOption(new Option('--probe <kind>', 'startup, liveness or readiness (default: readiness)').choices(['startup', 'liveness', 'readiness']))
    .addOption(new Option('--for <kind>', 'alias of --probe').choices(['startup', 'liveness', 'readiness']))
    .addOption(new Option('--runtime <name>', 'who reads the result (default: auto: plain when stdout is a terminal, else the runtime detected)').choices(['auto', 'kubernetes', 'docker', 'ecs', 'systemd', 'nagios', 'plain']))
    .option('--format <name>', 'health format of the body (default: auto)')
    .option('-e, --exclude <pattern>', 'leave out a component (name or glob, repeatable)', collect)
    .option('--only <pattern>', 'evaluate only matching components (repeatable)', collect)
    .option('--critical <pattern>', 'components whose failure also fails liveness (repeatable)', collect)
    .addOption(new Option('--degraded <how>', 'how a degraded component counts (default: pass, as warn)').choices(['pass', 'fail']))
    .option('--timeout <duration>', timeoutHelp)
    .option('-H, --header <header>', "request header 'Name: value' (repeatable; never printed)", collect)
    .addOption(new Option('--method <method>', 'HTTP method: GET, or HEAD with --format http-status, since a HEAD answer has no body to read (default: GET)').choices(['GET', 'HEAD', 'get', 'head']))
    .option('--insecure', 'do not verify the TLS certificate')
    .option('--cacert <file>', 'trust this CA certificate (PEM)')
    .option('--cert <file>', 'client certificate (PEM), with --key')
    .option('--key <file>', 'client key (PEM), with --cert')
    .option('--servername <name>', 'TLS server name to send and verify')
    .option('--unix-socket <path>', 'connect to this Unix socket instead (http(s):// or grpc(s):// URL; its host is then only the name sent)')
    .option('--service <name>', "gRPC service to check, '' for the whole server (repeatable; grpc:// targets)", collect)
    .addOption(new Option('-o, --output <format>', 'text or json (default: text)').choices(['text', 'json']))
    .option('-a, --health-addr <host:port>', "Pomerium-compatible target: HOST:PORT's /status, `pomerium health` verdict")
    .option('-v, --verbose', 'more detail; with -a, the raw /status body on stderr');
}
