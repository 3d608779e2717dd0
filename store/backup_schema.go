package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// sqliteInternal are tables SQLite itself may add to dropbot's books
// (ANALYZE / PRAGMA optimize statistics, AUTOINCREMENT counters).
var sqliteInternal = map[string]bool{"sqlite_stat1": true, "sqlite_stat4": true, "sqlite_sequence": true}

// CheckBackupSchema refuses a backup whose schema is not exactly the one
// dropbot's own migrations create for the versions it records: a trigger,
// view, table or index added to a copy (a trigger that makes a stranger
// owner, say), or a table whose definition was changed, would otherwise
// survive a restore and run inside the shop. It reads path without
// writing to it and without running anything of it (triggers only run on
// writes), so call it before Open migrates a restored file. The error
// (EInvalid) names what is foreign.
func CheckBackupSchema(ctx context.Context, path string) error {
	ro, err := sql.Open("sqlite", "file:"+uriPath(path)+"?mode=ro&immutable=1")
	if err != nil {
		return fmt.Errorf("open %s read-only: %w", path, err)
	}
	defer ro.Close()
	var n int
	if err := ro.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
		return Errorf(EInvalid, "%s is not a dropbot backup: %v", path, err)
	}
	if n == 0 {
		return Errorf(EInvalid, "%s is not a dropbot backup (it has no schema_migrations table)", path)
	}
	versions, err := appliedVersions(ctx, ro)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	got, err := schemaObjects(ctx, ro)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	want, err := referenceSchema(ctx, versions)
	if err != nil {
		return err
	}
	var foreign, changed, missing []string
	for key, text := range got {
		if w, ok := want[key]; !ok {
			if !strings.HasPrefix(key, "table sqlite_") || !sqliteInternal[strings.TrimPrefix(key, "table ")] {
				foreign = append(foreign, key)
			}
		} else if w != text {
			changed = append(changed, key)
		}
	}
	for key := range want {
		if _, ok := got[key]; !ok {
			missing = append(missing, key)
		}
	}
	if len(foreign)+len(changed)+len(missing) == 0 {
		return nil
	}
	sort.Strings(foreign)
	sort.Strings(changed)
	sort.Strings(missing)
	var why []string
	if len(foreign) > 0 {
		why = append(why, "things dropbot never creates: "+strings.Join(foreign, ", "))
	}
	if len(changed) > 0 {
		why = append(why, "definitions that differ from dropbot's: "+strings.Join(changed, ", "))
	}
	if len(missing) > 0 {
		why = append(why, "parts of dropbot's books missing: "+strings.Join(missing, ", "))
	}
	return Errorf(EInvalid, "%s is not a backup as dropbot writes it (%s); it may have been tampered with, and was not restored",
		path, strings.Join(why, "; "))
}

// appliedVersions lists the migrations recorded in a file, in the order
// they were applied.
func appliedVersions(ctx context.Context, q *sql.DB) ([]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY applied_at, version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// schemaObjects reads sqlite_master as "type name" → its SQL (tbl_name
// too, so an index or trigger moved to another table differs).
func schemaObjects(ctx context.Context, q *sql.DB) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT type, name, tbl_name, IFNULL(sql, '') FROM sqlite_master`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var typ, name, tbl, text string
		if err := rows.Scan(&typ, &name, &tbl, &text); err != nil {
			return nil, err
		}
		out[typ+" "+name] = tbl + "\x00" + text
	}
	return out, rows.Err()
}

// referenceSchema builds, in a scratch file, the schema dropbot's
// migrations create when applied in the given order, and reads it.
func referenceSchema(ctx context.Context, versions []int) (map[string]string, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	byVersion := make(map[int]migration, len(ms))
	for _, m := range ms {
		byVersion[m.version] = m
	}
	dir, err := os.MkdirTemp("", "dropbot-schema-*")
	if err != nil {
		return nil, fmt.Errorf("reference schema: %w", err)
	}
	defer os.RemoveAll(dir)
	ref, err := sql.Open("sqlite", DSN(filepath.Join(dir, "ref.db"), true))
	if err != nil {
		return nil, fmt.Errorf("reference schema: %w", err)
	}
	defer ref.Close()
	ref.SetMaxOpenConns(1)
	if _, err := ref.ExecContext(ctx, createSchemaMigrations); err != nil {
		return nil, fmt.Errorf("reference schema: %w", err)
	}
	for _, v := range versions {
		m, ok := byVersion[v]
		if !ok {
			return nil, Errorf(ETooNew, "the backup has migration %d, which this dropbot does not know: upgrade dropbot first", v)
		}
		if _, err := ref.ExecContext(ctx, m.sql); err != nil {
			return nil, fmt.Errorf("reference schema %s: %w", m.name, err)
		}
	}
	return schemaObjects(ctx, ref)
}
