# dockaudit as a container image, built with no registry: FROM scratch, holding only the single executable and the
# shared libraries it links, both staged in release/rootfs by `npm run release`. No shell, no package manager.
#   npm run release && docker build -t dockaudit:0.1.0 .
# Run (see README, "Installation"): the socket and the host's root read-only, reports to a mounted directory:
#   docker run --rm --read-only --network none --uts host --cap-add SYS_PTRACE \
#     -v /var/run/docker.sock:/var/run/docker.sock:ro -v /:/host:ro -v "$PWD/reports":/reports \
#     dockaudit:0.1.0 audit --root /host --output-dir /reports
FROM scratch
COPY release/rootfs/ /
ENTRYPOINT ["/usr/local/bin/dockaudit"]
CMD ["audit", "--root", "/host"]
