#include "support/hostile/test_ca.h"

#include <fstream>
#include <stdexcept>

#include "core/process.h"

namespace flypin::hostile {
namespace {

void openssl(const std::vector<std::string>& args) {
  core::ProcessSpec spec;
  spec.argv = {"openssl"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  core::SystemProcessRunner runner;
  auto result = runner.run(spec);
  if (!result.ok()) throw std::runtime_error("test CA: cannot run openssl: " + result.error().message);
  if (result->exit_code != 0) throw std::runtime_error("test CA: openssl failed: " + result->output);
}

}  // namespace

TestCa::TestCa(std::string dir, std::string name)
    : dir_(std::move(dir)), ca_key_(dir_ + "/ca.key"), ca_cert_(dir_ + "/ca.pem") {
  openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", ca_key_,
           "-out", ca_cert_, "-days", "2", "-subj", "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE",
           "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
}

TlsFiles TestCa::issue(const std::string& label, const std::vector<std::string>& dns_names,
                       const std::vector<std::string>& ips) const {
  return sign(label, dns_names, ips, "2");
}

TlsFiles TestCa::issue_expired(const std::string& label, const std::vector<std::string>& dns_names,
                               const std::vector<std::string>& ips) const {
  return sign(label, dns_names, ips, "-1");  // notAfter a day before notBefore (now)
}

TlsFiles TestCa::sign(const std::string& label, const std::vector<std::string>& dns_names,
                      const std::vector<std::string>& ips, const std::string& days) const {
  TlsFiles files{dir_ + "/" + label + ".pem", dir_ + "/" + label + ".key"};
  const std::string csr = dir_ + "/" + label + ".csr";
  const std::string ext = dir_ + "/" + label + ".ext";
  std::string san;
  for (const auto& n : dns_names) san += (san.empty() ? "DNS:" : ",DNS:") + n;
  for (const auto& ip : ips) san += (san.empty() ? "IP:" : ",IP:") + ip;
  std::ofstream(ext) << "subjectAltName=" << san << "\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n";
  const std::string cn = dns_names.empty() ? (ips.empty() ? label : ips.front()) : dns_names.front();
  openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", files.key_pem_path,
           "-out", csr, "-subj", "/CN=" + cn});
  openssl({"x509", "-req", "-in", csr, "-CA", ca_cert_, "-CAkey", ca_key_, "-CAcreateserial", "-out",
           files.cert_pem_path, "-days", days, "-extfile", ext});
  return files;
}

}  // namespace flypin::hostile
