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

/** A first-come, first-served queue of one: `await turn()` gives the function that ends the turn. */
function queue() {
  let last = Promise.resolve();
  return function turn(): Promise<() => void> {
    let end!: () => void;
    const mine = new Promise<void>((resolve) => (end = resolve));
    const before = last;
    last = before.then(() => mine);
    let ended = false;
    return before.then(() => () => {
      if (ended) return;
      ended = true;
      end();
    });
  };
}

function takeTurns(adapter: SqlDriverAdapter) {
  const turn = queue();
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
      transaction = await startTransaction(isolationLevel);
    } catch (error) {
      end();
      throw error;
    }
    const commit = transaction.commit.bind(transaction);
    const rollback = transaction.rollback.bind(transaction);
    transaction.commit = () => commit().finally(end);
    transaction.rollback = () => rollback().finally(end);
    return transaction;
  };
}

export class VkhodSQLite3 extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    keepStatements((adapter as unknown as { client: Database.Database }).client);
    takeTurns(adapter);
    return adapter;
  }
}
