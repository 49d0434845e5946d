# dockaudit as a container image, built with no registry: FROM scratch, holding only the single executable and the
# shared libraries it links, both staged in release/rootfs by `npm run release`. No shell, no package manager.
#   npm run release && docker build -t dockaudit:0.1.0 .
# Run with least privilege (see docs/container-image.md): the host's root read-only, reports to a mounted directory:
#   docker run --rm --read-only --network none --uts host \
#     --cap-drop ALL --cap-add SYS_PTRACE --cap-add DAC_READ_SEARCH --security-opt no-new-privileges \
#     -v /var/run/docker.sock:/var/run/docker.sock -v /:/host:ro -v "$PWD/reports":/reports \
#     dockaudit:0.1.0 audit --root /host --output-dir /reports
FROM scratch
COPY release/rootfs/ /
ENTRYPOINT ["/usr/local/bin/dockaudit"]
CMD ["audit", "--root", "/host"]
