// Package connect turns a config into providers: one per configured app, on
// the vendor package its provider names, sharing one pacer and state store.
package connect

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/quell-console/quell/backend"
	"github.com/quell-console/quell/backend/quota"
	"github.com/quell-console/quell/backend/tencentchat"
	"github.com/quell-console/quell/backend/trtc"
	"github.com/quell-console/quell/backend/zego"
	"github.com/quell-console/quell/config"
)

// Pacer returns a pacer honouring every app's rate_limits (keys "app/Call").
// The engine and the providers must share it so that listing and acting on
// one app stay under that app's rate together.
func Pacer(cfg *config.Config) *backend.Pacer {
	overrides := map[string]float64{}
	for _, a := range cfg.Apps {
		for call, r := range a.RateLimits {
			overrides[a.Name+"/"+call] = r
		}
	}
	return backend.NewPacer(overrides)
}

// SharedQuota attaches cfg's `quota:` (Redis) to p, so p's buckets are
// shared with every quell process using that Redis. notify hears each switch
// to the local share and back (see quota.Options). It returns nil, nil when
// the config has no quota: the in-process pacer alone, as for one process.
// log receives the Redis client's own messages (never stderr).
func SharedQuota(cfg *config.Config, p *backend.Pacer, notify func(note string), log *slog.Logger) (io.Closer, error) {
	if cfg.Quota == "" {
		return nil, nil
	}
	q, err := quota.Open(quota.Options{URL: cfg.Quota.Reveal(), Notify: notify, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where(cfg, config.App{}), err)
	}
	p.SetShared(q)
	return q, nil
}

// Open builds one provider per app, in file order. d's zero fields are
// filled once (Pacer from cfg's rate_limits) so every provider shares the
// same pacer and state store. A Chat app with `av:` is wrapped so its rooms
// gain audio/video blocks through the named TRTC app.
func Open(cfg *config.Config, d backend.Deps) ([]backend.Provider, error) {
	if d.Pacer == nil {
		d.Pacer = Pacer(cfg)
	}
	d = d.WithDefaults()
	out := make([]backend.Provider, len(cfg.Apps))
	byName := map[string]backend.Provider{}
	for i, a := range cfg.Apps {
		p, err := open(a, d)
		if err != nil {
			return nil, fmt.Errorf("%s: app %s: %w", where(cfg, a), a.Name, err)
		}
		out[i] = p
		byName[a.Name] = p
	}
	// av may name an app further down the file, so wrap after all are built.
	for i, a := range cfg.Apps {
		if a.AV == "" {
			continue
		}
		av, ok := byName[a.AV]
		if !ok {
			return nil, fmt.Errorf("%s: app %s: av: no app named %q", where(cfg, a), a.Name, a.AV)
		}
		if err := backend.CheckAV(out[i].App(), av.App()); err != nil {
			return nil, fmt.Errorf("%s: %w", where(cfg, a), err)
		}
		out[i] = backend.WithAV(out[i], av, d.State)
	}
	return out, nil
}

func open(a config.App, d backend.Deps) (backend.Provider, error) {
	switch a.Provider {
	case "trtc":
		return trtc.New(trtc.Options{
			Name: a.Name, SDKAppID: a.SDKAppID, Region: a.Region, StringRoomIDs: a.RoomIDs == "string",
			SecretID: a.SecretID.Reveal(), SecretKey: a.SecretKey.Reveal(), Endpoint: a.Endpoint,
		}, d)
	case "tencent-chat":
		return tencentchat.New(tencentchat.Options{
			Name: a.Name, SDKAppID: a.SDKAppID, Admin: a.Admin, SecretKey: a.SecretKey.Reveal(),
			Endpoint: a.Endpoint, Group: a.Rooms == "group",
		}, d)
	case "zego":
		if a.Rooms == "rtc" {
			return zego.NewRTC(zego.Options{
				Name: a.Name, AppID: a.AppID, ServerSecret: a.ServerSecret.Reveal(), Endpoint: a.Endpoint, Watch: a.Watch,
			}, d)
		}
		return zego.New(zego.Options{
			Name: a.Name, AppID: a.AppID, ServerSecret: a.ServerSecret.Reveal(), Endpoint: a.Endpoint,
			Operator: a.Operator, Group: a.Rooms == "group", Watch: a.Watch,
		}, d)
	}
	return nil, fmt.Errorf("unknown provider %q: use trtc, tencent-chat or zego", a.Provider)
}

// where is "file:line" of an app's entry, for errors.
func where(cfg *config.Config, a config.App) string {
	name := cfg.Path
	if name == "" {
		name = "config"
	}
	if a.Line > 0 {
		return fmt.Sprintf("%s:%d", name, a.Line)
	}
	return name
}
