/**
 * Databases from Docker Hub's official images: redis, postgres and mysql. postgres and mysql refuse
 * to initialise without a password, printing their docker-entrypoint.sh messages and exiting 1, so
 * a pod without POSTGRES_PASSWORD / MYSQL_ROOT_PASSWORD crash-loops as on a real cluster. Tags are
 * a snapshot of Docker Hub around postgres 17.2, mysql 9.1.0 and redis 7.4.1.
 */
import { DEFAULT_PATH, image, versionTags } from './helpers';
import type { ImageProfile, LaunchSpec } from '../types';

function redisDate(iso: string): string {
  const d = new Date(iso);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${String(d.getUTCDate()).padStart(2, '0')} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${iso.slice(11, 23)}`;
}

function redisVersion(tag: string): string {
  return /^(\d+\.\d+\.\d+)/.exec(tag)?.[1] ?? (tag.startsWith('7.2') ? '7.2.6' : tag.startsWith('7.0') ? '7.0.15' : tag.startsWith('6') ? '6.2.16' : tag.startsWith('5') ? '5.0.14' : '7.4.1');
}

export const REDIS: ImageProfile = image('docker.io/library/redis', {
  tagGroups: [
    [...versionTags('7.4.1', ['latest']), '7.4.1-bookworm', '7.4-bookworm', '7-bookworm', 'bookworm'],
    [...versionTags('7.4.1', ['alpine'], '-alpine'), '7.4.1-alpine3.20', '7.4-alpine3.20', '7-alpine3.20', 'alpine3.20'],
    ['7.4.0'], ['7.2.6', '7.2'], ['7.2.6-alpine', '7.2-alpine'], ['7.2.5'], ['7.2.4'], ['7.0.15', '7.0'], ['7.0.15-alpine', '7.0-alpine'],
    ['6.2.16', '6.2', '6'], ['6.2.16-alpine', '6.2-alpine', '6-alpine'], ['6.0.20', '6.0'], ['6.0.5'], ['5.0.14', '5.0', '5'], ['5.0.4'],
  ],
  sizeBytes: 117_000_000,
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['redis-server'],
  ports: [6379],
  memoryBytes: 4 * 1024 * 1024,
  env: { PATH: DEFAULT_PATH, REDIS_VERSION: '7.4.1', REDIS_DOWNLOAD_URL: 'http://download.redis.io/releases/redis-7.4.1.tar.gz' },
  workingDir: '/data',
  startLogs: (_pod, iso, tag) => {
    const t = redisDate(iso);
    return [
      `1:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
      `1:C ${t} * Redis version=${redisVersion(tag)}, bits=64, commit=00000000, modified=0, pid=1, just started`,
      `1:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
      `1:M ${t} * monotonic clock: POSIX clock_gettime`,
      `1:M ${t} * Running mode=standalone, port=6379.`,
      `1:M ${t} * Server initialized`,
      `1:M ${t} * Ready to accept connections tcp`,
    ];
  },
});

/** docker-library/postgres docker-entrypoint.sh docker_verify_minimum_env, written to stderr before `exit 1`. */
export const POSTGRES_NO_PASSWORD = [
  'Error: Database is uninitialized and superuser password is not specified.',
  '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
  '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
  '',
  '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
  '       connections without a password. This is *not* recommended.',
  '',
  '       See PostgreSQL documentation about "trust":',
  '       https://www.postgresql.org/docs/current/auth-trust.html',
];

function postgresVersion(tag: string): string {
  const exact = /^(\d+\.\d+)/.exec(tag)?.[1];
  if (exact) return exact;
  const major = /^(\d+)/.exec(tag)?.[1];
  return { '12': '12.22', '13': '13.18', '14': '14.15', '15': '15.10', '16': '16.6' }[major ?? ''] ?? '17.2';
}

function pgTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}

export const POSTGRES: ImageProfile = image('docker.io/library/postgres', {
  tagGroups: [
    ['17.2', '17', 'latest', '17.2-bookworm', '17-bookworm', 'bookworm'],
    ['17.2-alpine', '17-alpine', 'alpine', '17.2-alpine3.20', '17-alpine3.20', 'alpine3.20'],
    ['17.1'], ['17.0'], ['16.6', '16', '16.6-bookworm', '16-bookworm'], ['16.6-alpine', '16-alpine'], ['16.5'], ['16.4'],
    ['15.10', '15'], ['15.10-alpine', '15-alpine'], ['14.15', '14'], ['14.15-alpine', '14-alpine'],
    ['13.18', '13'], ['13.18-alpine', '13-alpine'], ['12.22', '12'], ['12.22-alpine', '12-alpine'], ['12.4'],
  ],
  sizeBytes: 435_000_000,
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['postgres'],
  ports: [5432],
  startupMs: 2500,
  shutdownMs: 500,
  memoryBytes: 40 * 1024 * 1024,
  env: { PATH: `/usr/lib/postgresql/17/bin:${DEFAULT_PATH}`, GOSU_VERSION: '1.17', LANG: 'en_US.utf8', PG_MAJOR: '17', PG_VERSION: '17.2-1.pgdg120+1', PGDATA: '/var/lib/postgresql/data' },
  startLogs: (_pod, iso, tag) => {
    const t = pgTime(iso);
    const v = postgresVersion(tag);
    return [
      'The files belonging to this database system will be owned by user "postgres".',
      'This user must also own the server process.',
      '',
      'The database cluster will be initialized with locale "en_US.utf8".',
      'The default database encoding has accordingly been set to "UTF8".',
      'The default text search configuration will be set to "english".',
      '',
      'Data page checksums are disabled.',
      '',
      'fixing permissions on existing directory /var/lib/postgresql/data ... ok',
      'creating subdirectories ... ok',
      'selecting dynamic shared memory implementation ... posix',
      'selecting default "max_connections" ... 100',
      'selecting default "shared_buffers" ... 128MB',
      'selecting default time zone ... Etc/UTC',
      'creating configuration files ... ok',
      'running bootstrap script ... ok',
      'performing post-bootstrap initialization ... ok',
      'syncing data to disk ... ok',
      '',
      'PostgreSQL init process complete; ready for start up.',
      '',
      `${t} [1] LOG:  starting PostgreSQL ${v} (Debian ${v}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`,
      `${t} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`,
      `${t} [1] LOG:  listening on IPv6 address "::", port 5432`,
      `${t} [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"`,
      `${t} [1] LOG:  database system is ready to accept connections`,
    ];
  },
  launch: (spec) => (postgresRefuses(spec) ? refusing(POSTGRES, () => POSTGRES_NO_PASSWORD, 150) : undefined),
});

/** file_env lets every variable come from VAR_FILE too. */
function has(env: Record<string, string>, name: string): boolean {
  return Boolean(env[name]) || Boolean(env[`${name}_FILE`]);
}

function postgresRefuses(spec: LaunchSpec): boolean {
  return !has(spec.env, 'POSTGRES_PASSWORD') && spec.env.POSTGRES_HOST_AUTH_METHOD !== 'trust';
}

/** The entrypoint prints its complaint and exits 1 before the server starts. */
function refusing(base: ImageProfile, logs: (iso: string, tag: string) => string[], afterMs: number): ImageProfile {
  return { ...base, behaviour: { kind: 'crash', afterMs, exitCode: 1 }, ports: [], startupMs: 0, startLogs: (_pod, iso, tag) => logs(iso, tag), launch: undefined };
}

function mysqlVersion(tag: string): string {
  if (/^5\.6/.test(tag)) return '5.6.51-1debian9';
  if (/^5\.7/.test(tag)) return '5.7.44-1.el7';
  if (/^8\.0/.test(tag)) return '8.0.40-1.el9';
  if (/^(8\.4|8$|8-|lts)/.test(tag)) return '8.4.3-1.el9';
  return '9.1.0-1.el9';
}

function mysqlTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}+00:00`;
}

function mysqlEntrypoint(iso: string, tag: string): string[] {
  const t = mysqlTime(iso);
  const v = mysqlVersion(tag);
  return [
    `${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${v} started.`,
    `${t} [Note] [Entrypoint]: Switching to dedicated user 'mysql'`,
    `${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${v} started.`,
  ];
}

/** docker-library/mysql docker-entrypoint.sh docker_verify_minimum_env. */
export function mysqlNoPassword(iso: string, tag: string): string[] {
  return [
    ...mysqlEntrypoint(iso, tag),
    `${mysqlTime(iso)} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified`,
    '    You need to specify one of the following as an environment variable:',
    '    - MYSQL_ROOT_PASSWORD',
    '    - MYSQL_ALLOW_EMPTY_PASSWORD',
    '    - MYSQL_RANDOM_ROOT_PASSWORD',
  ];
}

export const MYSQL: ImageProfile = image('docker.io/library/mysql', {
  tagGroups: [
    ['9.1.0', '9.1', '9', 'innovation', 'latest', '9.1.0-oracle', '9.1-oracle', '9-oracle', 'innovation-oracle', 'oracle'],
    ['9.0.1', '9.0'], ['8.4.3', '8.4', '8', 'lts', '8.4.3-oracle', '8.4-oracle', '8-oracle', 'lts-oracle'], ['8.4.2'],
    ['8.0.40', '8.0', '8.0.40-oracle', '8.0-oracle'], ['8.0.40-debian', '8.0-debian'], ['8.0.39'], ['8.0.36'],
    ['5.7.44', '5.7', '5.7.44-oracle', '5.7-oracle'], ['5.6.51', '5.6'],
  ],
  sizeBytes: 602_000_000,
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['mysqld'],
  ports: [3306, 33060],
  startupMs: 12_000,
  shutdownMs: 2000,
  memoryBytes: 360 * 1024 * 1024,
  env: { PATH: DEFAULT_PATH, GOSU_VERSION: '1.17', MYSQL_MAJOR: 'innovation', MYSQL_VERSION: '9.1.0-1.el9', MYSQL_SHELL_VERSION: '9.1.0-1.el9' },
  startLogs: (_pod, iso, tag) => {
    const t = mysqlTime(iso);
    return [
      ...mysqlEntrypoint(iso, tag),
      `${t} [Note] [Entrypoint]: Initializing database files`,
      `${t} [Note] [Entrypoint]: Database files initialized`,
      `${t} [Note] [Entrypoint]: Starting temporary server`,
      `${t} [Note] [Entrypoint]: Temporary server started.`,
      `${t} [Note] [Entrypoint]: Stopping temporary server`,
      `${t} [Note] [Entrypoint]: Temporary server stopped`,
      '',
      `${t} [Note] [Entrypoint]: MySQL init process done. Ready for start up.`,
      '',
      `${iso.slice(0, 19)}.000000Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${mysqlVersion(tag).split('-')[0]}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`,
    ];
  },
  launch: (spec) => (has(spec.env, 'MYSQL_ROOT_PASSWORD') || spec.env.MYSQL_ALLOW_EMPTY_PASSWORD || spec.env.MYSQL_RANDOM_ROOT_PASSWORD ? undefined : refusing(MYSQL, mysqlNoPassword, 1200)),
});
