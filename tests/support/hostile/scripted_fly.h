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
};

class ScriptedFly {
 public:
  explicit ScriptedFly(std::string app) : app_(std::move(app)) {}

  /// GET /v1/apps/<app>/machines (the list: every machine, in the order added; a
  /// metadata.KEY=VALUE filter lists those whose metadata has it, and every
  /// machine here is a user's: role=user, no flypin_smoke or flypin_keeper),
  /// GET/POST /machines/<id>, POST/DELETE
  /// /machines/<id>/lease, GET /machines/<id>/wait.
  Routes& serve(Routes& routes);
  void add(ScriptedMachine machine);
  /// The nonce a lease is given ("" answers a lease without one).
  void set_nonce(std::string nonce);
  /// Replaces the answer to an update: (request, conn, id) -> answered.
  void on_update(std::function<void(const Request&, Conn&, const std::string& id)> answer);
  /// Updates applied, by machine id.
  int updates(const std::string& id) const;

  std::string machines_path() const { return "/v1/apps/" + app_ + "/machines"; }

 private:
  void get(const std::string& id, Conn& conn);
  void update(const Request& request, Conn& conn, const std::string& id);
  void lease(const Request& request, Conn& conn, const std::string& id);
  /// The machine whose id, URL-encoded, is `segment`; nullptr when none.
  ScriptedMachine* find(const std::string& segment);
  std::string machine_json(const ScriptedMachine& m) const;

  std::string app_;
  mutable std::mutex mutex_;
  std::vector<ScriptedMachine> machines_;
  std::map<std::string, bool> leased_;
  std::map<std::string, int> updates_;
  std::string nonce_ = "nonce-0f3a";
  std::function<void(const Request&, Conn&, const std::string&)> update_answer_;
};

}  // namespace flypin::hostile
