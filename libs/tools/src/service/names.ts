/** What the generator is asked for (schema.json). */
export interface ServiceOptions {
  name: string;
  aggregate?: string;
  port?: number;
}

/** Every spelling of the service's and its first aggregate's names that the templates use. */
export interface ServiceNames {
  /** `parcel-lockers`: folder, Kafka context (`parcel-lockers.events`), subgraph, npm scripts. */
  name: string;
  /** `@platform/parcel-lockers`, the npm workspace and Nx project; `-service` added if a library has the name. */
  packageName: string;
  /** `ParcelLockers`: classes. */
  Name: string;
  /** `parcelLockers`: functions and values. */
  nameProp: string;
  /** `PARCEL_LOCKERS`: environment variables (`PARCEL_LOCKERS_PORT`). */
  NAME: string;
  /** `parcel_lockers`: the PostgreSQL schema and MongoDB database. */
  storage: string;
  /** `parcel lockers`: prose. */
  title: string;
  aggregate: string;
  Aggregate: string;
  aggregateProp: string;
  aggregateTitle: string;
  /** `a parcel locker`, `an invoice`; `AnAggregate` begins a sentence. */
  anAggregate: string;
  AnAggregate: string;
  /** `parcelLockers`: a GraphQL list query. */
  aggregatesProp: string;
  /** `PARCEL_LOCKER`: error codes. */
  AGGREGATE: string;
  port: number;
}

const word = /^[a-z]+(-[a-z]+)*$/;
const words = (kebab: string) => kebab.split('-');
const capital = (w: string) => w[0]!.toUpperCase() + w.slice(1);
const pascal = (kebab: string) => words(kebab).map(capital).join('');
const camel = (kebab: string) => {
  const [first, ...rest] = words(kebab);
  return first + rest.map(capital).join('');
};
/** `an` before a vowel: enough for names of things (an invoice, a parcel locker). */
const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');
const constant = (kebab: string) => words(kebab).join('_').toUpperCase();

/** English plural of the last word, enough for names of things (box → boxes, policy → policies). */
export function plural(kebab: string): string {
  if (/[^aeiou]y$/.test(kebab)) return `${kebab.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(kebab)) return `${kebab}es`;
  return `${kebab}s`;
}

/** The aggregate a service gets by default: its name in the singular (contracts → contract). */
export function defaultAggregate(name: string): string {
  if (/[^aeiou]ies$/.test(name)) return `${name.slice(0, -3)}y`;
  if (/(s|x|z|ch|sh)es$/.test(name)) return name.slice(0, -2);
  return /[^s]s$/.test(name) ? name.slice(0, -1) : name;
}

/**
 * Checks the options and spells every name. `usedPorts` are the ports the workspace already gives
 * its services (scripts/start.sh); a new service takes the next one unless told its own.
 * `usedPackageNames` are the workspace's packages (a service named contracts must not take the
 * contracts library's name).
 */
export function serviceNames(
  options: ServiceOptions,
  usedPorts: readonly number[],
  usedPackageNames: readonly string[] = [],
): ServiceNames {
  const name = options.name?.trim() ?? '';
  if (!word.test(name))
    throw new Error(
      `service name "${name}": lower-case letters in words joined by '-' (it names a Kafka topic <name>.events), e.g. billing`,
    );
  const aggregate = options.aggregate?.trim() || defaultAggregate(name);
  if (!word.test(aggregate))
    throw new Error(`aggregate "${aggregate}": lower-case letters in words joined by '-', e.g. invoice`);
  const port = options.port ?? Math.max(4000, ...usedPorts) + 1;
  if (usedPorts.includes(port)) throw new Error(`port ${port} is already taken by another service`);
  const packageName = usedPackageNames.includes(`@platform/${name}`)
    ? `@platform/${name}-service`
    : `@platform/${name}`;
  return {
    name,
    packageName,
    Name: pascal(name),
    nameProp: camel(name),
    NAME: constant(name),
    storage: words(name).join('_'),
    title: words(name).join(' '),
    aggregate,
    Aggregate: pascal(aggregate),
    aggregateProp: camel(aggregate),
    aggregateTitle: words(aggregate).join(' '),
    anAggregate: `${article(aggregate)} ${words(aggregate).join(' ')}`,
    AnAggregate: `${capital(article(aggregate))} ${words(aggregate).join(' ')}`,
    aggregatesProp: camel(plural(aggregate)),
    AGGREGATE: constant(aggregate),
    port,
  };
}
