package bot_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"sync"
	"testing"

	"github.com/dropbot/dropbot/bot"
)

// menuRecorder is a MenuSetter that hands every set it gets to the test.
type menuRecorder struct{ got chan []bot.Menu }

func (r menuRecorder) SetMenus(ctx context.Context, ms []bot.Menu) error {
	r.got <- ms
	return nil
}

// TestRefreshMenus: the menus are set at start and again after a change
// signal, a failed build is retried at the next signal, and the loop ends
// with its context.
func TestRefreshMenus(t *testing.T) {
	rec := menuRecorder{got: make(chan []bot.Menu)}
	changed := make(chan struct{}, 1)
	var mu sync.Mutex
	admins := []string{"7001"}
	var fail error
	built := make(chan struct{}, 10)
	build := func(context.Context) ([]bot.Menu, error) {
		mu.Lock()
		defer mu.Unlock()
		defer func() { built <- struct{}{} }()
		if fail != nil {
			return nil, fail
		}
		var ms []bot.Menu
		for _, a := range admins {
			ms = append(ms, bot.Menu{Scope: bot.ScopeChat, ChatID: a, Commands: []bot.Command{{Name: "lunas", Description: "x"}}})
		}
		return ms, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		bot.RefreshMenus(ctx, rec, build, changed, 0, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	chats := func(ms []bot.Menu) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ChatID)
		}
		return out
	}
	if got := chats(<-rec.got); !reflect.DeepEqual(got, []string{"7001"}) {
		t.Fatalf("first set = %v", got)
	}
	<-built

	// The books fail once: nothing is set, and the next signal retries.
	mu.Lock()
	fail = errors.New("disk")
	mu.Unlock()
	changed <- struct{}{}
	<-built
	mu.Lock()
	fail, admins = nil, []string{"7001", "7002"}
	mu.Unlock()
	changed <- struct{}{}
	if got := chats(<-rec.got); !reflect.DeepEqual(got, []string{"7001", "7002"}) {
		t.Fatalf("after the change = %v", got)
	}
	cancel()
	<-done
}
