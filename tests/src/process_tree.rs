//! A process and all its descendants, read from /proc: what a running app costs the machine
//! (its own process and WebKit's), in resident memory and CPU time.

use std::time::Duration;

/// `root` and all its descendants.
pub fn descendants(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            // the field after the state, which follows the parenthesised command name
            let ppid = stat_fields(pid)?.get(1)?.parse::<u32>().ok()?;
            Some((pid, ppid))
        })
        .collect();
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    tree
}

/// Resident memory, in bytes, of `root` and its descendants.
pub fn resident_bytes(root: u32) -> u64 {
    descendants(root).into_iter().map(resident_of).sum()
}

/// CPU time (user and system) used so far by `root` and its live descendants.
pub fn cpu_time(root: u32) -> Duration {
    cpu_time_of(root, "")
}

/// Like [`cpu_time`], counting only the processes whose name starts with `name` (as in
/// /proc/pid/comm: at most 15 bytes, so "WebKitWebProces" for WebKit's web process).
pub fn cpu_time_of(root: u32, name: &str) -> Duration {
    let ticks: u64 = descendants(root)
        .into_iter()
        .filter(|pid| {
            name.is_empty()
                || std::fs::read_to_string(format!("/proc/{pid}/comm"))
                    .is_ok_and(|comm| comm.starts_with(name))
        })
        .filter_map(|pid| {
            let fields = stat_fields(pid)?;
            // utime and stime: fields 14 and 15 of stat, counted from the state (field 3)
            Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
        })
        .sum();
    // /proc counts in USER_HZ, which Linux fixes at 100 for user space
    Duration::from_millis(ticks * 10)
}

/// The fields of /proc/`pid`/stat after the command name, from the state on.
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    Some(rest.split_whitespace().map(str::to_owned).collect())
}

fn resident_of(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kb| kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_child_counts_in_its_parents_cpu_time_and_memory() {
        let me = std::process::id();
        let before = cpu_time(me);
        let mut child = std::process::Command::new("sh")
            .args(["-c", "while :; do :; done"])
            .spawn()
            .unwrap();
        assert!(descendants(me).contains(&child.id()));
        assert!(
            resident_bytes(me) > resident_of(me),
            "the child's memory counts"
        );
        // however loaded the machine, the spinning child's time shows up in its parent's tree
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let mut used = Duration::ZERO;
        while used < Duration::from_millis(200) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
            used = cpu_time(me).saturating_sub(before);
        }
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(
            used >= Duration::from_millis(200),
            "the child's busy loop counts: {used:?}"
        );
    }
}
