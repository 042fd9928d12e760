import { StorageUnavailable } from '@mugharred/service-kit';

/** As long as a command may take on the command connection (service-kit's commandTimeout). */
const STORAGE_DEADLINE_MS = 2000;

/**
 * Settles like `work`, or rejects with storage_unavailable after `ms`. BullMQ's connection waits for Redis
 * forever (BullMQ requires maxRetriesPerRequest: null); a request must answer instead.
 */
export async function withDeadline<T>(work: Promise<T>, ms = STORAGE_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageUnavailable(new Error(`no answer within ${ms} ms`))), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
