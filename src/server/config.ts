/**
 * Configuration from the environment, checked once at start-up with clear messages.
 */
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  ROLLCALL_NOW: z.iso.datetime({ offset: true }).optional(),
  ROLLCALL_TEST_CLOCK: z.enum(['0', '1']).optional(),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  TOKEN_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
});

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly startAt: number | undefined;
  readonly testClock: boolean;
  readonly trustProxy: boolean;
  readonly tokenTtlMs: number;
  readonly logLevel: string;
}

export function readConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL === '' ? undefined : e.DATABASE_URL,
    startAt: e.ROLLCALL_NOW === undefined ? undefined : Date.parse(e.ROLLCALL_NOW),
    testClock: e.ROLLCALL_TEST_CLOCK === '1',
    trustProxy: e.TRUST_PROXY === '1',
    tokenTtlMs: e.TOKEN_TTL_HOURS * 3600_000,
    logLevel: e.LOG_LEVEL,
  };
}
