#include "builders/buildah_storage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "builders/builder_choice.h"

namespace flypin::build {
namespace {

using Vars = std::map<std::string, std::string>;

TEST(BuildahStorage, DriverOfTheStorageTable) {
  EXPECT_EQ(storage_driver_in("[storage]\ndriver = \"overlay\"\n").value_or(""), "overlay");
  EXPECT_EQ(storage_driver_in("# c\n[storage]\n  driver='vfs' # why\ngraphroot = \"/x\"\n").value_or(""), "vfs");
  EXPECT_FALSE(storage_driver_in("[storage]\ndriver = \"\"\n").has_value());
  EXPECT_FALSE(storage_driver_in("[storage.options]\ndriver = \"btrfs\"\n").has_value());
  EXPECT_FALSE(storage_driver_in("driver = \"overlay\"\n").has_value());
  EXPECT_FALSE(storage_driver_in("").has_value());
}

TEST(BuildahStorage, TheConfigurationGivenIsBuildahsToRead) {
  auto dir = std::filesystem::temp_directory_path() / ("flypin-storage-conf-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string conf = (dir / "storage.conf").string();
  std::ofstream(conf) << "[storage]\ndriver = \"overlay\"\ngraphroot = \"" << dir.string() << "/graph\"\n";
  Vars vars{{"CONTAINERS_STORAGE_CONF", conf}, {"PATH", "/nonexistent"}};
  EXPECT_EQ(storage_conf_candidates(core::Environment(vars)), std::vector<std::string>{conf});
  EXPECT_EQ(configured_storage_driver(core::Environment(vars)).value_or(""), "overlay");
  auto settings = detect_buildah_settings(core::Environment(vars), "buildah", "");
  EXPECT_EQ(settings.storage_driver, "");  // not overridden: buildah reads the file itself
  EXPECT_EQ(settings.root, "");
  vars["FLYPIN_BUILDAH_STORAGE_DRIVER"] = "vfs";  // ours, explicit, still wins
  EXPECT_EQ(detect_buildah_settings(core::Environment(vars), "buildah", "").storage_driver, "vfs");
  EXPECT_EQ(configured_storage_driver(core::Environment(Vars{{"STORAGE_DRIVER", "btrfs"}})).value_or(""), "btrfs");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace flypin::build
