/**
 * The small HTTP apps the Kubernetes and minikube tutorials deploy: kubernetes-bootcamp (v1 and
 * the v2 of the update lesson), hello-app and node-hello (gcr.io/google-samples), minikube's
 * kicbase/echo-server, hashicorp/http-echo and curlimages/curl. Answers follow each app's source.
 */
import { DEFAULT_PATH, flag, image, text } from './helpers';
import { exiting } from './interpreters';
import type { ImageProfile, LaunchSpec } from '../types';

const BOOTCAMP_SERVER_JS = `var http = require('http');
var requests=0;
var podname= process.env.HOSTNAME;
var startTime;
var host;
var handleRequest = function(request, response) {
  response.setHeader('Content-Type', 'text/plain');
  response.writeHead(200);
  response.write("Hello Kubernetes bootcamp! | Running on: ");
  response.write(host);
  response.end(" | v=1\\n");
  console.log("Running On:" ,host, "| Total Requests:", ++requests,"| App Uptime:", (new Date() - startTime)/1000 , "seconds", "| Log Time:",new Date());
}
var www = http.createServer(handleRequest);
www.listen(8080,function () {
    startTime = new Date();;
    host = process.env.HOSTNAME;
    console.log ("Kubernetes Bootcamp App Started At:",startTime, "| Running On: " ,host, "\\n" );
});
`;

function bootcamp(repository: string, tags: string[], versionOf: (tag: string) => number): ImageProfile {
  return image(repository, {
    tagGroups: tags.map((t) => [t]),
    sizeBytes: 70_000_000,
    pullMs: 2500,
    cmd: ['/bin/sh', '-c', 'node server.js'],
    ports: [8080],
    startupMs: 200,
    // node as PID 1 ignores SIGTERM: deleting a bootcamp pod takes the full grace period.
    shutdownMs: Infinity,
    memoryBytes: 9 * 1024 * 1024,
    env: { PATH: DEFAULT_PATH, NPM_CONFIG_LOGLEVEL: 'info', NODE_VERSION: '6.3.1' },
    files: { '/server.js': BOOTCAMP_SERVER_JS },
    startLogs: (pod, iso) => [`Kubernetes Bootcamp App Started At: ${iso} | Running On:  ${pod} `, ''],
    http(port, req, tag) {
      if (port !== 8080) return undefined;
      return {
        ...text(`Hello Kubernetes bootcamp! | Running on: ${req.podName} | v=${versionOf(tag)}\n`),
        headers: { 'Content-Type': 'text/plain' },
        log: () => `Running On: ${req.podName} | Total Requests: ${req.requestNumber} | App Uptime: ${req.uptime} seconds | Log Time: ${req.now}`,
      };
    },
  });
}

/** Go's log package prefix: 2024/12/09 10:00:00. */
function goLogTime(iso: string): string {
  return `${iso.slice(0, 10).replace(/-/g, '/')} ${iso.slice(11, 19)}`;
}

/** gcr.io/google-samples/hello-app (kubernetes-engine-samples quickstarts/hello-app/main.go). */
function helloApp(): ImageProfile {
  return image('gcr.io/google-samples/hello-app', {
    tagGroups: [['1.0'], ['2.0']],
    sizeBytes: 10_200_000,
    cmd: ['/hello-app'],
    ports: [8080],
    startupMs: 50,
    memoryBytes: 3 * 1024 * 1024,
    startLogs: (_pod, iso) => [`${goLogTime(iso)} Server listening on port 8080`],
    http: (port, req, tag) => (port === 8080 ? { ...text(`Hello, world!\nVersion: ${tag === '2.0' ? '2.0.0' : '1.0.0'}\nHostname: ${req.podName}\n`), log: () => `${goLogTime(req.now)} Serving request: ${req.path}` } : undefined),
  });
}

/** The "Exposing an External IP Address" tutorial's app. */
function nodeHello(): ImageProfile {
  return image('gcr.io/google-samples/node-hello', {
    tagGroups: [['1.0']],
    sizeBytes: 245_000_000,
    cmd: ['node', 'server.js'],
    ports: [8080],
    startupMs: 150,
    shutdownMs: Infinity,
    memoryBytes: 9 * 1024 * 1024,
    http: (port) => (port === 8080 ? text('Hello Kubernetes!') : undefined),
  });
}

/** minikube's hello-minikube: `kubectl create deployment hello-minikube --image=kicbase/echo-server:1.0`. */
function echoServer(): ImageProfile {
  return image('docker.io/kicbase/echo-server', {
    tagGroups: [['1.0', 'latest']],
    sizeBytes: 4_940_000,
    ports: [8080],
    startupMs: 50,
    memoryBytes: 2 * 1024 * 1024,
    startLogs: () => ['Echo server listening on port 8080.'],
    http: (port, req) => (port === 8080 ? text(`Request served by ${req.podName}\n\nHTTP/1.1 ${req.method} ${req.path}\n\nHost: ${req.podIp}:8080\nAccept: */*\nUser-Agent: curl/8.5.0\n`) : undefined),
  });
}

function words(spec: LaunchSpec): string[] {
  return [...(spec.command ?? []), ...(spec.args ?? [])];
}

/** hashicorp/http-echo: answers every request with `-text` on `-listen` (default :5678). */
function httpEcho(answer: string, port: number, tag: string): ImageProfile {
  const listening = tag.startsWith('0.') ? `Server is listening on :${port}` : `[INFO] server is listening on :${port}`;
  return { ...HTTP_ECHO, ports: [port], startLogs: (_pod, iso) => [`${goLogTime(iso)} ${listening}`], http: (p) => (p === port ? text(`${answer}\n`) : undefined), launch: undefined };
}

const HTTP_ECHO: ImageProfile = image('docker.io/hashicorp/http-echo', {
  tagGroups: [['1.0.0', '1.0', 'latest'], ['0.2.3']],
  sizeBytes: 4_300_000,
  entrypoint: ['/http-echo'],
  ports: [5678],
  startupMs: 30,
  memoryBytes: 2 * 1024 * 1024,
  launch(spec, tag) {
    const args = words(spec);
    const listen = flag(args, 'listen') ?? ':5678';
    const port = Number(listen.split(':').pop()) || 5678;
    const answer = flag(args, 'text');
    // 0.2.3 refuses to start without -text; 1.0 answers "hello-world".
    if (answer === undefined && tag.startsWith('0.')) return { ...HTTP_ECHO, behaviour: { kind: 'crash', afterMs: 30, exitCode: 127 }, ports: [], startLogs: () => ['Missing -text option!'], launch: undefined };
    return httpEcho(answer ?? 'hello-world', port, tag);
  },
});

/** curlimages/curl: runs curl; with no arguments curl complains and exits 2. */
const CURL: ImageProfile = image('docker.io/curlimages/curl', {
  tagGroups: [['8.11.1', 'latest'], ['8.11.0'], ['8.10.1'], ['8.9.1'], ['8.8.0'], ['8.7.1'], ['8.6.0'], ['8.5.0'], ['8.4.0'], ['8.1.2'], ['7.85.0'], ['7.78.0']],
  sizeBytes: 21_900_000,
  behaviour: { kind: 'script' },
  entrypoint: ['/entrypoint.sh'],
  cmd: ['curl'],
  workingDir: '/home/curl_user',
  cpuMilli: 0,
  memoryBytes: 1024 * 1024,
  env: { PATH: DEFAULT_PATH, CURL_CA_BUNDLE: '/cacert.pem' },
  launch(spec) {
    const argv = words(spec);
    if (argv.length === 0) return exiting(CURL, ["curl: try 'curl --help' or 'curl --manual' for more information"], 2, 20);
    // Arguments to the entrypoint are curl's; a command of its own (sh, sleep) is the shell model's.
    return spec.command === undefined || argv[0] === 'curl' ? exiting(CURL, [], 0, 200) : undefined;
  },
});

export const TUTORIAL_IMAGES: ImageProfile[] = [
  bootcamp('gcr.io/google-samples/kubernetes-bootcamp', ['v1'], () => 1),
  bootcamp('docker.io/jocatalin/kubernetes-bootcamp', ['v1', 'v2'], (tag) => (tag === 'v2' ? 2 : 1)),
  helloApp(),
  nodeHello(),
  echoServer(),
  HTTP_ECHO,
  CURL,
];
