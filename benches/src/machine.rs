//! What the machine is doing while we measure.

/// The 1-minute load average, if `/proc/loadavg` can be read.
pub fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// How many CPUs this process may use.
pub fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A line describing the load, with a warning when it is high enough to
/// distort timings (more runnable tasks than half the CPUs).
pub fn describe_load(when: &str) -> String {
    match load_average() {
        Some(load) if load > cpus() as f64 * 0.5 => {
            format!("load average {when}: {load:.2} on {} CPUs -- WARNING: busy machine, timings are noisy", cpus())
        }
        Some(load) => format!("load average {when}: {load:.2} on {} CPUs", cpus()),
        None => format!("load average {when}: unknown"),
    }
}

/// The peak resident set size of this process so far, in KiB
/// (`VmHWM` in `/proc/self/status`).
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
