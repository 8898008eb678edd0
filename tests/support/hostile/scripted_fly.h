#pragma once
// A scripted Fly Machines API for roll-machines: the machines a test lays down
// (any id, state, region or digest the API could list), leases, updates that
// move a machine to the image they name, and waits that succeed. A test
// replaces the one answer it wants to turn hostile (Routes: longest prefix
// wins) or sets the knobs below.

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "support/hostile/scripted_server.h"

namespace flypin::hostile {

struct ScriptedMachine {
  std::string id;  // as listed: whatever the API says
  std::string state = "stopped";
  std::string region = "sin";
  std::string digest;  // image_ref.digest
  std::string instance_id = "01JD7W5Q9R2M4X8Y6Z0A1B2C3D";
  /// Every check of the machine: "passing", "critical", ...
  std::string checks = "passing";
  /// config.metadata: a user's machine (no flypin_smoke or flypin_keeper) unless a test says otherwise.
  std::map<std::string, std::string> metadata{{"role", "user"}};
  /// config.image; "" names registry.example/team/app@<digest>. An update keeps the image it sent.
  std::string image;
};

/// How the list treats metadata.KEY=VALUE filters: as the Machines API documents it, or not at all
/// (the filter is absent from the OpenAPI spec: tests/emulators/fly/FIDELITY.md M1).
enum class ListFilters { kHonoured, kIgnored };

/// What an update did: its status and body, as the scripted API would answer it.
struct ScriptedAnswer {
  int status = 200;
  std::string body;
};

class ScriptedFly {
 public:
  explicit ScriptedFly(std::string app) : app_(std::move(app)) {}

  /// GET /v1/apps/<app>/machines (the list: every machine, in the order added; a
  /// metadata.KEY=VALUE filter lists those whose metadata has it, unless
  /// set_list_filters(kIgnored)),
  /// GET/POST /machines/<id>, POST/DELETE
  /// /machines/<id>/lease, GET /machines/<id>/wait.
  Routes& serve(Routes& routes);
  void add(ScriptedMachine machine);
  void set_list_filters(ListFilters filters);
  /// The nonce a lease is given ("" answers a lease without one).
  void set_nonce(std::string nonce);
  /// Replaces the answer to an update: (request, conn, id) -> answered.
  void on_update(std::function<void(const Request&, Conn&, const std::string& id)> answer);
  /// Updates applied, by machine id.
  int updates(const std::string& id) const;
  /// The scripted update itself (what on_update replaces): applies `request` to machine `id`
  /// and says what it would answer; an on_update answer applies it and answers otherwise.
  ScriptedAnswer apply_update(const Request& request, const std::string& id);
  /// Sets every check of machine `id` ("passing", "critical", ...).
  void set_checks(const std::string& id, std::string status);
  /// A copy of machine `id` as it is now (a default one when there is none).
  ScriptedMachine machine(const std::string& id) const;
  /// Machine `id` as GET /machines/<id> would answer it ("" when there is none).
  std::string machine_json(const std::string& id) const;

  std::string machines_path() const { return "/v1/apps/" + app_ + "/machines"; }

 private:
  void get(const std::string& id, Conn& conn);
  void update(const Request& request, Conn& conn, const std::string& id);
  void lease(const Request& request, Conn& conn, const std::string& id);
  /// The machine whose id, URL-encoded, is `segment`; nullptr when none.
  ScriptedMachine* find(const std::string& segment);
  const ScriptedMachine* find(const std::string& segment) const;
  std::string machine_json(const ScriptedMachine& m) const;

  std::string app_;
  mutable std::mutex mutex_;
  std::vector<ScriptedMachine> machines_;
  std::map<std::string, bool> leased_;
  std::map<std::string, int> updates_;
  std::string nonce_ = "nonce-0f3a";
  ListFilters filters_ = ListFilters::kHonoured;
  std::function<void(const Request&, Conn&, const std::string&)> update_answer_;
};

}  // namespace flypin::hostile
