#!/usr/bin/env bash
# make_test_certs.sh DIR: a throwaway CA and certificates for the wss: tests, made fresh at
# test time (never committed). Writes into DIR:
#   ca.pem                  the test CA (what SSL_CERT_FILE / ca_file should name)
#   server.pem, server.key  signed by the CA for DNS:localhost and IP:127.0.0.1
#   other.pem, other.key    signed by the CA for DNS:other.example only (name mismatch)
#   self.pem, self.key      self-signed for localhost (untrusted)
set -euo pipefail
dir="$1"
mkdir -p "$dir"
cd "$dir"
[ -f ca.pem ] && [ -f server.pem ] && [ -f other.pem ] && [ -f self.pem ] && exit 0
q() { "$@" >/dev/null 2>&1; }
q openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=v8ws test CA" \
  -keyout ca.key -out ca.pem -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign"
sign() {  # sign NAME SAN
  q openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" -keyout "$1.key" -out "$1.csr"
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$2" > "$1.ext"
  q openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
    -extfile "$1.ext" -out "$1.pem"
}
sign server "DNS:localhost,IP:127.0.0.1"
sign other "DNS:other.example"
q openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -keyout self.key -out self.pem -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"
