package emulator

import (
	"errors"
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

// unstartedURL is where an unstarted server's config points: nowhere, so a
// config written too early can never send demo credentials to a real cloud.
const unstartedURL = "http://127.0.0.1:0"

// configFile and configApp mirror quell's config schema (issue #2 §4) field
// for field, in its order; yaml.v3 quotes whatever needs quoting (watch
// lists hold room IDs such as "{vip}[backstage]").
type configFile struct {
	Refresh string      `yaml:"refresh"`
	Apps    []configApp `yaml:"apps"`
}

type configApp struct {
	Name         string   `yaml:"name"`
	Provider     string   `yaml:"provider"`
	Rooms        string   `yaml:"rooms,omitempty"`
	SDKAppID     uint64   `yaml:"sdk_app_id,omitempty"`
	AppID        uint64   `yaml:"app_id,omitempty"`
	Region       string   `yaml:"region,omitempty"`
	RoomIDs      string   `yaml:"room_ids,omitempty"`
	SecretID     string   `yaml:"secret_id,omitempty"`
	Admin        string   `yaml:"admin,omitempty"`
	SecretKey    string   `yaml:"secret_key,omitempty"`
	ServerSecret string   `yaml:"server_secret,omitempty"`
	Endpoint     string   `yaml:"endpoint"`
	AV           string   `yaml:"av,omitempty"`
	Operator     string   `yaml:"operator,omitempty"`
	Watch        []string `yaml:"watch,omitempty,flow"`
}

// ConfigYAML is a quell config pointing every demo app at this server, with
// the emulator's test credentials inline. Call it after Start; before, the
// endpoints point at port 0, which nothing answers. Without Options.Demo it
// lists no apps.
func (s *Server) ConfigYAML() string {
	url := s.URL()
	if url == "" {
		url = unstartedURL
	}
	f := configFile{Refresh: "3s", Apps: []configApp{}}
	if s.opts.Demo {
		f.Apps = s.demoApps(url)
	}
	out, err := yaml.Marshal(f)
	if err != nil {
		// Only plain strings and numbers go in: this cannot fail.
		panic(fmt.Sprintf("emulator: config: %v", err))
	}
	return "# quell config for the emulator at " + url + ", written by `quell emulator`.\n" +
		"# The credentials below are the emulator's own test credentials, not real ones.\n" + string(out)
}

func (s *Server) demoApps(url string) []configApp {
	return []configApp{
		{Name: DemoTRTC, Provider: "trtc", SDKAppID: DemoTRTCSDKAppID, Region: DemoRegion, RoomIDs: "numeric",
			SecretID: DemoTRTCSecretID, SecretKey: DemoTRTCSecretKey, Endpoint: url},
		{Name: DemoTRTCAV, Provider: "trtc", SDKAppID: DemoTRTCAVSDKAppID, Region: DemoRegion, RoomIDs: "string",
			SecretID: DemoTRTCSecretID, SecretKey: DemoTRTCSecretKey, Endpoint: url},
		{Name: DemoChatLive, Provider: "tencent-chat", Rooms: "live", SDKAppID: DemoChatLiveSDKAppID,
			Admin: DemoChatAdmin, SecretKey: DemoChatLiveSecretKey, Endpoint: url, AV: DemoTRTCAV},
		{Name: DemoChatGroups, Provider: "tencent-chat", Rooms: "group", SDKAppID: DemoChatGroupsSDKAppID,
			Admin: DemoChatAdmin, SecretKey: DemoChatGroupsSecretKey, Endpoint: url},
		{Name: DemoZegoRooms, Provider: "zego", Rooms: "zim", AppID: DemoZegoRoomsAppID, ServerSecret: DemoZegoRoomsSecret,
			Endpoint: url, Operator: DemoZegoOperator, Watch: s.zego.DemoRooms(DemoZegoRoomsAppID)},
		// No watch: ZIM groups are listed (QueryAppGroupList); only ZIM
		// rooms need one.
		{Name: DemoZegoGroups, Provider: "zego", Rooms: "group", AppID: DemoZegoGroupsAppID, ServerSecret: DemoZegoGroupsSecret,
			Endpoint: url, Operator: DemoZegoOperator},
		{Name: DemoZegoRTC, Provider: "zego", Rooms: "rtc", AppID: DemoZegoRTCAppID, ServerSecret: DemoZegoRTCSecret,
			Endpoint: url, Watch: s.zego.DemoRTCRooms(DemoZegoRTCAppID)},
	}
}

// WriteConfig writes ConfigYAML to path, readable by its owner only (it
// holds credentials, test ones though they are). The server must be started.
func (s *Server) WriteConfig(path string) error {
	if s.URL() == "" {
		return errors.New("emulator: start the server before writing its config")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("emulator: write config: %w", err)
	}
	// An existing file keeps its mode through O_TRUNC: tighten it.
	if err := f.Chmod(0o600); err != nil {
		_ = f.Close()
		return fmt.Errorf("emulator: write config: %w", err)
	}
	if _, err := f.WriteString(s.ConfigYAML()); err != nil {
		_ = f.Close()
		return fmt.Errorf("emulator: write config: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("emulator: write config: %w", err)
	}
	return nil
}
