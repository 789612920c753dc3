package testservers

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestPostgresStartsAndCreatesDatabases(t *testing.T) {
	p := StartPostgres(t)
	u := p.NewDatabase(t)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, "SELECT 41 + 1").Scan(&n); err != nil || n != 42 {
		t.Fatalf("query: %d %v", n, err)
	}
}

func TestRedisRestarts(t *testing.T) {
	r := StartRedis(t)
	r.Kill()
	r.Start()
}
