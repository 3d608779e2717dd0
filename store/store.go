// Package store holds the shop's books in one SQLite file: embedded
// forward-only migrations, the types of the books, every query, and the
// transaction helper. It is the only package of dropbot that speaks SQL and
// it imports nothing else of the project.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// FileName is the name of the books inside the data directory.
const FileName = "dropbot.db"

// DB is the shop's database. Writes go through one connection in IMMEDIATE
// transactions, so they never meet SQLITE_BUSY inside the process; reads use
// a small pool of their own and run beside the writer thanks to WAL.
type DB struct {
	path   string
	writer *sql.DB
	reader *sql.DB
	now    func() time.Time
	rand   io.Reader
	hidden string // JSON array of channels whose staff do not count (WithHiddenStaff); set once at Open
	// w is the writer's one connection, held for the life of the DB. It is
	// a channel of one so that waiting for it honours the caller's context.
	w         chan *writerConn
	closed    chan struct{} // closed by Close: writes waiting for w give up
	closeOnce sync.Once
	// Prepared statements of the reader pool: preparing is a large share
	// of a short query's cost in modernc.org/sqlite, and the queries are
	// constants. The writer keeps its own on its connection.
	readerStmts *stmtCache
}

// writerConn is the writer's connection and its prepared statements. Only
// the holder of DB.w touches it.
//
// The writer runs BEGIN IMMEDIATE and COMMIT itself on a *sql.Conn rather
// than using database/sql's Tx: a Tx starts a goroutine to watch its
// context, and every Query inside it another one, which on a short message
// cost about a tenth of the whole transaction. The statements run without
// a cancel channel; exec, query and row check the caller's context before
// each one, and Update before COMMIT.
type writerConn struct {
	conn  *sql.Conn
	stmts map[string]*sql.Stmt // nil value: the query could not be prepared
}

// stmt returns the connection's prepared statement for query, preparing
// it on first use, or nil to run the query directly.
func (w *writerConn) stmt(ctx context.Context, query string) *sql.Stmt {
	if st, ok := w.stmts[query]; ok {
		return st
	}
	if len(w.stmts) >= maxCachedStmts {
		return nil
	}
	st, err := w.conn.PrepareContext(ctx, query)
	if err != nil {
		st = nil // the direct path reports the error in context
	}
	w.stmts[query] = st
	return st
}

func (w *writerConn) close() error {
	var errs []error
	for _, st := range w.stmts {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	w.stmts = nil
	errs = append(errs, w.conn.Close())
	return errors.Join(errs...)
}

// stmtCache keeps one prepared statement per query text for the reader pool.
// database/sql prepares it once per connection and Tx.StmtContext reuses
// it inside a transaction. A query seen for the first time runs directly
// and is prepared before the next transaction begins: preparing on the
// pool inside a transaction would hold a second connection of the pool
// while the first waits. Bounded: odd dynamic shapes are not cached.
type stmtCache struct {
	pool   *sql.DB
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	wanted map[string]bool
}

const maxCachedStmts = 512

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// get returns the prepared statement, or nil after noting the query.
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st
	}
	if len(c.m)+len(c.wanted) < maxCachedStmts {
		c.wanted[query] = true
	}
	return nil
}

// prepareWanted prepares the queries noted since the last call. It must
// run outside any transaction of the pool.
func (c *stmtCache) prepareWanted(ctx context.Context) {
	c.mu.Lock()
	if len(c.wanted) == 0 {
		c.mu.Unlock()
		return
	}
	queries := make([]string, 0, len(c.wanted))
	for q := range c.wanted {
		queries = append(queries, q)
	}
	c.wanted = map[string]bool{}
	c.mu.Unlock()
	for _, q := range queries {
		st, err := c.pool.PrepareContext(ctx, q)
		if err != nil {
			continue // the direct path keeps working and reports errors in context
		}
		c.mu.Lock()
		if _, dup := c.m[q]; dup || c.m == nil {
			st.Close()
		} else {
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, st := range c.m {
		errs = append(errs, st.Close())
	}
	c.m = nil
	return errors.Join(errs...)
}

// Option configures Open.
type Option func(*DB)

// WithClock replaces time.Now, for tests that need fixed times.
func WithClock(now func() time.Time) Option { return func(db *DB) { db.now = now } }

// WithRand replaces crypto/rand as the source of order codes and kode unik,
// for tests that need repeatable ones.
func WithRand(r io.Reader) Option { return func(db *DB) { db.rand = r } }

// DSN returns the modernc.org/sqlite data source name for path with the
// pragmas dropbot relies on. Pragmas are per connection, so they live here.
func DSN(path string, immediate bool) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	// Deleted and overwritten personal data (/hapusdata, retention) must
	// not stay readable in the file's free space.
	q.Add("_pragma", "secure_delete(1)")
	if immediate {
		q.Set("_txlock", "immediate")
	}
	return "file:" + uriPath(path) + "?" + q.Encode()
}

// uriPath escapes the characters that mean something in a SQLite URI path
// ('%' escapes, '?' starts the query, '#' the fragment), so a data directory
// such as "data#1" is opened where it is and not at a truncated path.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(path)
}

// Open opens (creating if needed) the books at path and migrates them. A
// file written by a newer dropbot is refused with ETooNew and left untouched.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	if err := checkWritableDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	if err := refuseNewer(ctx, path); err != nil {
		return nil, err
	}
	db := &DB{path: path, now: time.Now, rand: rand.Reader, hidden: "[]", closed: make(chan struct{})}
	for _, o := range opts {
		o(db)
	}
	var err error
	if db.writer, err = sql.Open("sqlite", DSN(path, true)); err != nil {
		return nil, fmt.Errorf("open writer: %w", err)
	}
	db.writer.SetMaxOpenConns(1)
	db.writer.SetConnMaxIdleTime(0)
	// query_only: the driver ignores sql.TxOptions.ReadOnly, so View's
	// promise that writes are refused is kept by the reader connections.
	if db.reader, err = sql.Open("sqlite", DSN(path, false)+"&_query_only=1"); err != nil {
		db.writer.Close()
		return nil, fmt.Errorf("open reader: %w", err)
	}
	db.reader.SetMaxOpenConns(4)
	conn, err := db.writer.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open writer: %w", err)
	}
	db.w = make(chan *writerConn, 1)
	db.w <- &writerConn{conn: conn, stmts: map[string]*sql.Stmt{}}
	db.readerStmts = newStmtCache(db.reader)
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Path is the file the books live in.
func (db *DB) Path() string { return db.path }

// Now is the database's clock.
func (db *DB) Now() time.Time { return db.now() }

// Close closes both pools. It waits for a write in progress to finish;
// writes after it fail.
func (db *DB) Close() error {
	var errs []error
	db.closeOnce.Do(func() {
		close(db.closed)
		if db.w != nil {
			// Taken for good: a write that got in first has finished.
			errs = append(errs, (<-db.w).close())
		}
	})
	if db.readerStmts != nil {
		errs = append(errs, db.readerStmts.close())
	}
	if db.reader != nil {
		errs = append(errs, db.reader.Close())
	}
	if db.writer != nil {
		errs = append(errs, db.writer.Close())
	}
	return errors.Join(errs...)
}

func checkWritableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Errorf(EInvalid, "data directory %s cannot be created: %v", dir, err)
	}
	probe, err := os.CreateTemp(dir, ".write-probe-*")
	if err != nil {
		return Errorf(EInvalid, "data directory %s is not writable: %v", dir, err)
	}
	name := probe.Name()
	probe.Close()
	return os.Remove(name)
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %q: name must start with a number and _", e.Name())
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", ms[i-1].name, ms[i].name, ms[i].version)
		}
	}
	return ms, nil
}

// SchemaVersion is the newest migration this build knows. Versions only
// need to increase; a gap is allowed, so parallel work can reserve numbers.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// refuseNewer reads an existing file without writing to it (read-only, no
// pragmas that change the file) and refuses a schema newer than ours.
func refuseNewer(ctx context.Context, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	uri := "file:" + uriPath(path) + "?mode=ro"
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		// No write-ahead log to read: immutable keeps SQLite from creating
		// -wal and -shm files beside a file we may refuse.
		uri += "&immutable=1"
	}
	ro, err := sql.Open("sqlite", uri)
	if err != nil {
		return fmt.Errorf("open %s read-only: %w", path, err)
	}
	defer ro.Close()
	var n int
	err = ro.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_migrations'`).Scan(&n)
	if err != nil {
		return Errorf(EInvalid, "%s is not a dropbot database: %v", path, err)
	}
	if n == 0 {
		// No migrations table: a fresh file is fine, but tables of some
		// other program mean this is not our file.
		var tables int
		if err := ro.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&tables); err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if tables > 0 {
			return Errorf(EInvalid, "%s holds tables of another program, not dropbot's books; the file was not changed", path)
		}
		return nil
	}
	var v sql.NullInt64
	if err := ro.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if known := SchemaVersion(); int(v.Int64) > known {
		return Errorf(ETooNew, "%s has schema version %d but this dropbot knows only %d: upgrade dropbot; the file was not changed", path, v.Int64, known)
	}
	return nil
}

// createSchemaMigrations makes the table of applied migrations.
// CheckBackupSchema builds its reference schema with the same text.
const createSchemaMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`

func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.q.ExecContext(tx.ctx, createSchemaMigrations)
		return err
	}); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, m := range ms {
		// Straight on the connection, not through the statement cache: a
		// migration's statements run once and change the schema.
		err := db.Update(ctx, func(tx *Tx) error {
			var n int
			if err := tx.q.QueryRowContext(tx.ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.q.ExecContext(tx.ctx, m.sql); err != nil {
				return fmt.Errorf("apply %s: %w", m.name, err)
			}
			_, err := tx.q.ExecContext(tx.ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, tx.Now().UnixMilli())
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}

// Tx is one transaction over the books. Every query of dropbot is a method
// of Tx; a Tx from View refuses writes at the SQLite level.
type Tx struct {
	q      querier // the writer's connection, or the reader's *sql.Tx
	ctx    context.Context
	now    time.Time
	rand   io.Reader
	hidden string // DB.hidden
	// Exactly one of w and sqlTx is set.
	w      *writerConn
	caller context.Context // checked before each writer statement
	sqlTx  *sql.Tx
	stmts  *stmtCache
	// handles holds a reader transaction's handles on cached statements.
	handles map[*sql.Stmt]*sql.Stmt
}

var errClosed = Errorf(EInternal, "the books are closed")

// querier is what both *sql.Conn and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Now is the time the transaction started; every row it writes uses it.
func (tx *Tx) Now() time.Time { return tx.now }

// Update runs fn in one IMMEDIATE write transaction and commits when fn
// returns nil. It rolls back on error or panic, and when ctx ends before
// the commit; once ctx has ended every later statement of fn fails.
func (db *DB) Update(ctx context.Context, fn func(*Tx) error) (err error) {
	var w *writerConn
	select {
	case w = <-db.w:
	case <-ctx.Done():
		return fmt.Errorf("begin: %w", ctx.Err())
	case <-db.closed:
		return errClosed
	}
	defer func() { db.w <- w }()
	select {
	case <-db.closed:
		return errClosed
	default:
	}
	// Statements run without a cancel channel, which spares the driver a
	// watcher goroutine per statement; exec, query and row look at ctx
	// themselves.
	stmtCtx := context.WithoutCancel(ctx)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if _, err := w.conn.ExecContext(stmtCtx, `BEGIN IMMEDIATE`); err != nil {
		// A transaction left open (its ROLLBACK failed) would refuse every
		// later write: end it, it was never reported committed, and retry
		// once.
		_, _ = w.conn.ExecContext(stmtCtx, `ROLLBACK`)
		if _, err := w.conn.ExecContext(stmtCtx, `BEGIN IMMEDIATE`); err != nil {
			return fmt.Errorf("begin: %w", err)
		}
	}
	tx := &Tx{q: w.conn, ctx: stmtCtx, now: db.now().UTC(), rand: db.rand, hidden: db.hidden, w: w, caller: ctx}
	defer func() {
		p := recover()
		if p != nil || err != nil {
			// SQLite may have rolled back already (some errors end the
			// transaction themselves); "no transaction is active" is fine.
			_, _ = w.conn.ExecContext(stmtCtx, `ROLLBACK`)
		}
		if p != nil {
			panic(p)
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = ctx.Err(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if _, err = w.conn.ExecContext(stmtCtx, `COMMIT`); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// View runs fn in a read-only transaction on the reader pool.
func (db *DB) View(ctx context.Context, fn func(*Tx) error) (err error) {
	db.readerStmts.prepareWanted(ctx)
	sqlTx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{q: sqlTx, ctx: ctx, now: db.now().UTC(), rand: db.rand, hidden: db.hidden, sqlTx: sqlTx, stmts: db.readerStmts}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// stmt returns the transaction's handle on a cached prepared statement, or
// nil to run the query directly.
func (tx *Tx) stmt(query string) *sql.Stmt {
	if tx.w != nil {
		return tx.w.stmt(tx.ctx, query)
	}
	st := tx.stmts.get(query)
	if st == nil {
		return nil
	}
	if h, ok := tx.handles[st]; ok {
		return h
	}
	h := tx.sqlTx.StmtContext(tx.ctx, st)
	if tx.handles == nil {
		tx.handles = make(map[*sql.Stmt]*sql.Stmt)
	}
	tx.handles[st] = h
	return h
}

// stmtContext is the context a statement runs with: the uncancellable one
// while the caller's context lives, the caller's once it has ended, so
// that database/sql refuses the statement.
func (tx *Tx) stmtContext() context.Context {
	if tx.caller != nil && tx.caller.Err() != nil {
		return tx.caller
	}
	return tx.ctx
}

// exec, query and row are the Tx's thin helpers over database/sql.
func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	ctx := tx.stmtContext()
	if st := tx.stmt(query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.q.ExecContext(ctx, query, args...)
}

func (tx *Tx) query(query string, args ...any) (*sql.Rows, error) {
	ctx := tx.stmtContext()
	if st := tx.stmt(query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return tx.q.QueryContext(ctx, query, args...)
}

func (tx *Tx) row(query string, args ...any) *sql.Row {
	ctx := tx.stmtContext()
	if st := tx.stmt(query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.q.QueryRowContext(ctx, query, args...)
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func nullMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromMS(v.Int64)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// scanner is what both *sql.Row and *sql.Rows offer.
type scanner interface{ Scan(...any) error }

// scanAll reads every row of a query with scan and closes the rows.
func scanAll[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
