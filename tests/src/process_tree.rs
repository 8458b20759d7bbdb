//! A process and all its descendants, read from /proc: what a running app costs the machine
//! (its own process and WebKit's), in resident memory and CPU time; and [`OwnedTree`], a
//! process a test starts, which takes everything it started down with it when dropped.

use std::collections::BTreeSet;
use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

/// A process started in a process group of its own. Dropping it (or [`OwnedTree::end`])
/// stops the process and every process it started, however deep (`tauri-driver`,
/// `WebKitWebDriver`, the app, WebKit's web and network processes), and waits until they are
/// gone: a test ends what it starts even when an assertion fails first.
pub struct OwnedTree {
    child: Child,
    ended: bool,
}

impl OwnedTree {
    /// Spawns `cmd` as the leader of a new process group.
    pub fn spawn(cmd: &mut Command) -> io::Result<Self> {
        let child = cmd.process_group(0).spawn()?;
        Ok(Self {
            child,
            ended: false,
        })
    }

    /// The process id of the process spawned (also its process group id).
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The process's exit status if it has exited (its descendants may live on).
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        self.child.try_wait()
    }

    /// Stops the process and all its descendants and waits until none is left (at most 10 s).
    ///
    /// First every member is frozen (SIGSTOP, repeated until no new process appears), so none
    /// can start another or be re-parented out of sight; then all are killed (SIGKILL), the
    /// leader is reaped, and the rest are awaited until they have left /proc or are zombies
    /// (which hold no file, so no pipe of the test's either).
    pub fn end(&mut self) {
        if self.ended {
            return;
        }
        self.ended = true;
        let root = self.child.id();
        let mut members = BTreeSet::new();
        for _ in 0..20 {
            let now = self.members(root);
            let new: Vec<u32> = now.difference(&members).copied().collect();
            if new.is_empty() {
                break;
            }
            signal("STOP", root, &new);
            members.extend(new);
        }
        signal("KILL", root, &members.iter().copied().collect::<Vec<_>>());
        let _ = self.child.kill();
        let _ = self.child.wait();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left: Vec<u32> = members.iter().copied().filter(|p| alive(*p)).collect();
            if left.is_empty() || Instant::now() > deadline {
                if !left.is_empty() {
                    eprintln!("processes still alive 10 s after SIGKILL: {left:?}");
                }
                return;
            }
            signal("KILL", root, &left);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The live members: the leader's descendants and whoever is in its process group.
    fn members(&self, root: u32) -> BTreeSet<u32> {
        let mut all: BTreeSet<u32> = descendants(root).into_iter().collect();
        all.extend(process_group(root));
        all.retain(|p| alive(*p));
        all
    }
}

impl Drop for OwnedTree {
    fn drop(&mut self) {
        self.end();
    }
}

/// Sends `sig` to the process group `group` and to each of `pids` (errors for processes that
/// are already gone are expected and ignored).
fn signal(sig: &str, group: u32, pids: &[u32]) {
    let mut targets = vec![format!("-{group}")];
    targets.extend(pids.iter().map(u32::to_string));
    let _ = Command::new("kill")
        .args(["-s", sig, "--"])
        .args(&targets)
        .stderr(std::process::Stdio::null())
        .status();
}

/// Whether `pid` exists and is not a zombie.
fn alive(pid: u32) -> bool {
    stat_fields(pid).is_some_and(|f| f.first().is_some_and(|state| state != "Z" && state != "X"))
}

/// The processes whose process group is `group`.
pub fn process_group(group: u32) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().to_string_lossy().parse::<u32>().ok())
        .filter(|pid| {
            // the process group follows the state and the parent
            stat_fields(*pid)
                .and_then(|f| f.get(2)?.parse::<u32>().ok())
                .is_some_and(|g| g == group)
        })
        .collect()
}

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

    // A shell that starts a grandchild in a new process group of its own (out of reach of a
    // group kill) and one that stays in the group: ending the tree ends both, and the shell.
    #[test]
    fn ending_a_tree_ends_its_grandchildren_in_and_out_of_its_group() {
        let tree = OwnedTree::spawn(
            Command::new("sh").args(["-c", "sleep 300 & setsid sleep 301 & wait"]),
        )
        .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut below = Vec::new();
        while below.len() < 2 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            below = descendants(tree.id()).into_iter().skip(1).collect();
        }
        assert_eq!(below.len(), 2, "both sleeps started: {below:?}");
        let root = tree.id();
        drop(tree);
        assert!(!alive(root), "the shell is gone");
        for pid in below {
            assert!(!alive(pid), "{pid} is gone");
        }
    }
}
