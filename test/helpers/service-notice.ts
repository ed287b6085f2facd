/**
 * Prints, once before the run, which service suites will be skipped and why, because vitest
 * reports a skipped file without its reason.
 */
export default function setup(): void {
  if (process.env.SOPHIA_REQUIRE_SERVICES === '1') return;

  const missing = [
    ['DATABASE_URL', 'PostgreSQL'],
    ['REDIS_URL', 'Redis'],
    ['WEAVIATE_URL', 'Weaviate'],
  ].filter(([variable]) => !process.env[variable]);
  if (missing.length === 0) return;

  const names = missing.map(([variable, service]) => `${service} (${variable})`).join(', ');
  process.stderr.write(
    `Skipping the suites that need ${names}: the variables are unset. ` +
      'Run scripts/services.sh start and eval "$(scripts/services.sh env)" to include them.\n',
  );
}
