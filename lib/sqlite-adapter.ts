// Prisma's better-sqlite3 adapter, with two changes: statements take turns with
// transactions, and compiled statements are kept.
//
// Taking turns. The adapter has one connection. Its own lock orders transactions, but a
// statement outside any transaction (another request's) ran on that connection at
// once, so while a transaction was open it ran inside it: it saw that transaction's
// uncommitted rows, and a rollback undid it too. That could undo a used proof's row
// (lib/auth/telegram/replay.ts) written while a sign-in's session transaction was open and later
// rolled back, so the proof would work a second time. Here every statement outside a
// transaction waits for the open transaction to end, and a transaction waits for the
// statements before it: one queue, first come first served. Code inside a transaction
// must use its `tx`, never `db` (it would wait for itself until Prisma's transaction
// timeout ends it); lib/sqlite-adapter.test.ts shows both.
//
// Kept statements. The adapter prepares (compiles) every statement anew, a cost of its
// own in every query. This keeps each compiled statement (a few hundred kinds at most:
// the app's queries, with placeholders) and hands the adapter a fresh binding of it
// each time. better-sqlite3 runs a statement to completion synchronously, so one
// compiled statement is never in use twice at once. The adapter uses reader, bind,
// run, columns, raw and all; a change in that use fails every query at once, in every
// test.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type Database from "better-sqlite3";

type SqlDriverAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<SqlDriverAdapter["startTransaction"]>>;

const KEPT_STATEMENTS = 500;

class KeptStatement {
  constructor(
    private readonly statement: Database.Statement,
    private readonly args: unknown[] = [],
  ) {}
  get reader() {
    return this.statement.reader;
  }
  bind(args: unknown[]) {
    return new KeptStatement(this.statement, args);
  }
  run() {
    return this.statement.run(...this.args);
  }
  all() {
    return this.statement.all(...this.args);
  }
  columns() {
    return this.statement.columns();
  }
  raw(on = true) {
    this.statement.raw(on);
    return this;
  }
}

function keepStatements(connection: Database.Database) {
  const prepare = connection.prepare.bind(connection);
  const kept = new Map<string, Database.Statement>();
  (connection as unknown as { prepare(sql: string): KeptStatement }).prepare = (sql) => {
    // Least recently used goes first: a hit moves to the end.
    let statement = kept.get(sql);
    if (statement) kept.delete(sql);
    else {
      statement = prepare(sql);
      if (kept.size >= KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
    }
    kept.set(sql, statement);
    return new KeptStatement(statement);
  };
}

/**
 * A first-come, first-served queue of one: `await turn()` gives the function that ends
 * the turn (once; calling it again does nothing). A turn held longer than `longMs` is
 * reported once to `onLong` (a transaction left open would stop every statement).
 */
function queue(onLong: (heldMs: number) => void, longMs: number) {
  let last = Promise.resolve();
  return function turn(): Promise<() => void> {
    let end!: () => void;
    const mine = new Promise<void>((resolve) => (end = resolve));
    const before = last;
    last = before.then(() => mine);
    let ended = false;
    return before.then(() => {
      const started = Date.now();
      const watch = setTimeout(() => onLong(Date.now() - started), longMs);
      watch.unref?.();
      return () => {
        if (ended) return;
        ended = true;
        clearTimeout(watch);
        end();
      };
    });
  };
}

const CLOSING = /^\s*(COMMIT|ROLLBACK)\b/i;

function takeTurns(adapter: SqlDriverAdapter, connection: Database.Database, options: TurnOptions) {
  const turn = queue(options.onLongTurn ?? (() => undefined), options.longTurnMs ?? 5_000);
  for (const name of ["queryRaw", "executeRaw", "executeScript"] as const) {
    const original = adapter[name].bind(adapter) as (input: never) => Promise<unknown>;
    (adapter as unknown as Record<string, (input: never) => Promise<unknown>>)[name] = async (input) => {
      const end = await turn();
      try {
        return await original(input);
      } finally {
        end();
      }
    };
  }
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const end = await turn();
    let transaction: Transaction;
    try {
      // Nothing is left open on the connection at a turn's start (see below); were it,
      // BEGIN would fail and the adapter would keep its own lock for good.
      if (connection.inTransaction) connection.exec("ROLLBACK");
      transaction = await startTransaction(isolationLevel);
    } catch (error) {
      end();
      throw error;
    }
    // The adapter's commit and rollback release its own lock: each once, whatever happens.
    let closed = false;
    const close = (how: () => Promise<void>) => async () => {
      if (closed) return;
      closed = true;
      try {
        await how();
      } finally {
        end();
      }
    };
    const commit = close(transaction.commit.bind(transaction));
    const rollback = close(transaction.rollback.bind(transaction));
    transaction.commit = commit;
    transaction.rollback = rollback;
    // Prisma ends a transaction with a COMMIT or ROLLBACK statement and then calls
    // commit() or rollback(), but not when that statement fails (a full disk, a
    // deferred constraint, SQLite having rolled back by itself): the transaction must not
    // stay open and hold every statement after it. It is rolled back and closed here.
    for (const name of ["executeRaw", "queryRaw"] as const) {
      const original = transaction[name].bind(transaction) as (query: { sql: string }) => Promise<never>;
      (transaction as unknown as Record<string, (query: { sql: string }) => Promise<unknown>>)[name] = async (query) => {
        // Once closed, its statements would run outside any turn, perhaps inside the next transaction.
        if (closed) throw new Error("This SQLite transaction is already closed.");
        try {
          return await original(query);
        } catch (error) {
          if (CLOSING.test(query.sql)) {
            try {
              if (connection.inTransaction) connection.exec("ROLLBACK");
            } finally {
              await rollback();
            }
          }
          throw error;
        }
      };
    }
    return transaction;
  };
}

type TurnOptions = {
  /** Told when one statement or transaction has held the connection for `longTurnMs` (default 5 s). */
  onLongTurn?: (heldMs: number) => void;
  longTurnMs?: number;
};

export class VkhodSQLite3 extends PrismaBetterSQLite3 {
  constructor(
    config: ConstructorParameters<typeof PrismaBetterSQLite3>[0],
    private readonly turns: TurnOptions = {},
  ) {
    super(config);
  }

  override async connect() {
    const adapter = await super.connect();
    const connection = (adapter as unknown as { client: Database.Database }).client;
    keepStatements(connection);
    takeTurns(adapter, connection, this.turns);
    return adapter;
  }
}
