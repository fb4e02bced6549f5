import path from 'node:path'

/** Everything Sen reads from the environment, read once, in one place. */
export interface Config {
  env: 'development' | 'production' | 'test'
  host: string
  port: number
  /** Folder of the embedded database and of the local secrets; unused with DATABASE_URL. */
  dataDir: string
  /** A PostgreSQL URL; when absent Sen runs on the embedded PGlite in dataDir. */
  databaseUrl: string | undefined
  /** Secret that signs session cookies. Required in production; generated and kept in dataDir otherwise. */
  cookieSecret: string | undefined
  /** Shared with the payment provider: signs its payment notices (HMAC). Generated like cookieSecret. */
  paymentSecret: string | undefined
  logLevel: string
  /** Load demo data into an empty database (never in production). */
  demoData: boolean
  /** How many demo dossiers to file and process on first start (0: none). */
  demoDossiers: number
  /** Where the built web app lives. */
  webDir: string
  /** Requests per minute per client address on routes without a tighter limit. */
  rateLimitPerMinute: number
  /** Bearer token that Prometheus presents at /metrics; without it only loopback may read them. */
  metricsToken: string | undefined
  /** How often the programme figures are recomputed (ms); 0 turns the job off. */
  metricsRefreshMs: number
  /**
   * Keep sessions, dossier states, agencies and procedures in force in memory, told of changes by
   * LISTEN/NOTIFY (src/server/db/invalidation.ts). Off: every request asks the database (needed
   * behind a PgBouncer in transaction mode, where LISTEN does not hold).
   */
  rowCaches: boolean
  /** `smtp://user:pass@host:587`: where e-mail goes; without it e-mail is only logged. */
  smtpUrl: string | undefined
  /** The From of Sen's e-mail. */
  mailFrom: string
  version: string
  /** The address people reach Sen at, printed in QR codes of signed results. */
  publicUrl: string
  /** Questions to the assistant per minute per client address (it is public). */
  assistantRateLimitPerMinute: number
  /**
   * An OpenAI-compatible model server that writes the assistant's answers from the procedures it
   * found (SEN_LLM_URL, SEN_LLM_MODEL, SEN_LLM_API_KEY); never required: without it Sen answers itself.
   */
  llm: { url: string; model: string; apiKey?: string; timeoutMs: number } | undefined
  /**
   * The national identity provider (OpenID Connect issuer) citizens and businesses log in with, and
   * Sen's client id and secret there. Without an issuer, demo mode starts the sandbox provider.
   */
  vneid: {
    issuer: string | undefined
    clientId: string
    clientSecret: string | undefined
    sandboxPort: number
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development'
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}"`)
  return {
    env: mode,
    // Loopback unless told otherwise: an operator opens Sen to the network (or to a proxy) on purpose.
    host: env.HOST || '127.0.0.1',
    port,
    // 'memory://' keeps PGlite in memory (tests); anything else is a folder.
    dataDir: env.SEN_DATA_DIR?.startsWith('memory://')
      ? env.SEN_DATA_DIR
      : path.resolve(env.SEN_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    cookieSecret: env.SEN_COOKIE_SECRET || undefined,
    paymentSecret: env.SEN_PAYMENT_SECRET || undefined,
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    demoData: mode !== 'production' && env.SEN_DEMO_DATA !== 'false',
    demoDossiers: Number(env.SEN_DEMO_DOSSIERS ?? 300),
    webDir: path.resolve(env.SEN_WEB_DIR ?? 'dist/web'),
    rateLimitPerMinute: Number(env.SEN_RATE_LIMIT ?? 600),
    metricsToken: env.SEN_METRICS_TOKEN || undefined,
    metricsRefreshMs: Number(env.SEN_METRICS_REFRESH_MS ?? 300_000),
    rowCaches: env.SEN_ROW_CACHES !== 'off',
    smtpUrl: env.SEN_SMTP_URL || undefined,
    mailFrom: env.SEN_MAIL_FROM || '"Sen" <no-reply@sen.local>',
    version: env.npm_package_version ?? '0.1.0',
    publicUrl: (env.SEN_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    assistantRateLimitPerMinute: Number(env.SEN_ASSISTANT_RATE_LIMIT ?? 60),
    llm: env.SEN_LLM_URL
      ? {
          url: env.SEN_LLM_URL,
          model: env.SEN_LLM_MODEL || 'default',
          apiKey: env.SEN_LLM_API_KEY || undefined,
          timeoutMs: Number(env.SEN_LLM_TIMEOUT_MS ?? 20_000),
        }
      : undefined,
    vneid: {
      issuer: env.SEN_VNEID_ISSUER || undefined,
      clientId: env.SEN_VNEID_CLIENT_ID || 'sen',
      clientSecret: env.SEN_VNEID_CLIENT_SECRET || undefined,
      // Beside Sen's own port; any free one when Sen takes any free one (tests).
      sandboxPort: Number(env.SEN_VNEID_SANDBOX_PORT ?? (port === 0 ? 0 : port + 1)),
    },
  }
}

/** The configuration with its secrets resolved (from the environment or the data directory). */
export type ResolvedConfig = Config & { cookieSecret: string; paymentSecret: string }
