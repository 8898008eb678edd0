#pragma once

namespace flypin::emulators {

/// Closes the server side of the connection whose peer is 127.0.0.1:peer_port
/// and whose local port is local_port, so the client sees the connection drop
/// with no response. cpp-httplib does not hand handlers their socket, so the
/// descriptor is found by its addresses. Returns false when none matched.
bool drop_connection(int local_port, int peer_port);

}  // namespace flypin::emulators
