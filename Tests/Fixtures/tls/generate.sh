#!/usr/bin/env bash
# Regenerates the test CA, server and client certificates (valid for 100 years). Run from this folder.
set -euo pipefail
days=36500
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days $days -subj "/CN=crmbench test CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
  -keyout ca.key -out ca.pem
issue() { # NAME SUBJECT EXTENSIONS
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "$2" -keyout "$1.key" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days $days -extfile <(printf '%s\n' "$3") -out "$1.pem"
  rm "$1.csr"
}
issue server "/CN=127.0.0.1" $'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE'
issue client "/CN=crmbench test client" $'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE'
rm -f ca.srl ca.key  # nothing else is ever signed with it
