/**
 * A minimal promise wrapper over the raw IndexedDB API: one database, one object store keyed by
 * `url`. Each call opens the database, runs one transaction and closes it again, so no connection
 * stays open to block another tab's upgrade or `deleteDatabase`.
 */

export const CACHE_DATABASE = 'attune-artifacts';
export const CACHE_STORE = 'artifacts';
const CACHE_VERSION = 1;

/** True where IndexedDB exists (pages and workers; not Node). */
export function hasIndexedDB(): boolean {
  return typeof (globalThis as { indexedDB?: unknown }).indexedDB === 'object' && globalThis.indexedDB !== null;
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = globalThis.indexedDB.open(CACHE_DATABASE, CACHE_VERSION);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(CACHE_STORE)) request.result.createObjectStore(CACHE_STORE, { keyPath: 'url' });
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close(); // let a newer version (another tab) upgrade
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error(`IndexedDB: could not open ${CACHE_DATABASE}.`));
    request.onblocked = () => reject(new Error(`IndexedDB: opening ${CACHE_DATABASE} is blocked by another connection.`));
  });
}

/**
 * Runs `use` on the store inside one transaction and resolves with the result of the request it
 * returns once the transaction has committed (not merely when the request succeeded: a put is
 * durable only then).
 */
export async function withStore<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T | undefined> {
  const db = await openDatabase();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const transaction = db.transaction(CACHE_STORE, mode);
      const request = use(transaction.objectStore(CACHE_STORE));
      transaction.oncomplete = () => resolve(request?.result);
      const fail = () => reject(transaction.error ?? request?.error ?? new Error('IndexedDB: transaction aborted.'));
      transaction.onerror = fail;
      transaction.onabort = fail;
    });
  } finally {
    db.close();
  }
}
