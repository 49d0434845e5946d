// GET /info as daemons that cannot apply cgroup limits answer it, for the resource-limit checks' fixtures.

/** A rootless dockerd on cgroup v1 (26.1 and 28.5 alike; 20.10 reports profile=default): no cgroups at all. */
export const ROOTLESS_V1_INFO = {
  CgroupDriver: "none", CgroupVersion: "1",
  SecurityOptions: ["name=seccomp,profile=builtin", "name=rootless", "name=no-new-privileges"],
  MemoryLimit: false, SwapLimit: false, CpuCfsPeriod: false, CpuCfsQuota: false, CPUShares: false, CPUSet: false, PidsLimit: false,
};

/** A rootful daemon whose kernel lacks one controller (here the memory cgroup). */
export const NO_MEMORY_CGROUP_INFO = { CgroupDriver: "cgroupfs", CgroupVersion: "1", MemoryLimit: false, PidsLimit: true, CPUShares: true, CpuCfsQuota: true, CPUSet: true };
