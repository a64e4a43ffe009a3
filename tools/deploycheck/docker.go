package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// instruction is one Dockerfile instruction (continuation lines joined).
type instruction struct {
	cmd  string // upper-case: FROM, RUN, COPY…
	args string
}

type stage struct {
	name, base string
	ins        []instruction
}

func parseDockerfile(path string) ([]stage, map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var logical []string
	cur := ""
	for _, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if cur == "" && (t == "" || strings.HasPrefix(t, "#")) {
			continue
		}
		if cur != "" && strings.HasPrefix(t, "#") {
			continue
		}
		if strings.HasSuffix(t, "\\") {
			cur += strings.TrimSuffix(t, "\\") + " "
			continue
		}
		logical = append(logical, cur+t)
		cur = ""
	}
	args := map[string]string{}
	var stages []stage
	for _, l := range logical {
		cmd, rest, _ := strings.Cut(l, " ")
		cmd = strings.ToUpper(cmd)
		rest = strings.TrimSpace(rest)
		switch {
		case cmd == "ARG" && len(stages) == 0:
			k, v, _ := strings.Cut(rest, "=")
			args[k] = v
		case cmd == "FROM":
			f := strings.Fields(rest)
			s := stage{base: expandArgs(f[0], args)}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				s.name = f[2]
			}
			stages = append(stages, s)
		case len(stages) > 0:
			stages[len(stages)-1].ins = append(stages[len(stages)-1].ins, instruction{cmd, rest})
		}
	}
	return stages, args, nil
}

func expandArgs(s string, args map[string]string) string {
	return regexp.MustCompile(`\$\{?(\w+)\}?`).ReplaceAllStringFunc(s, func(m string) string {
		name := strings.Trim(m, "${}")
		if v, ok := args[name]; ok {
			return v
		}
		return m
	})
}

func checkDocker(r *reporter, f *facts, bin string) {
	want := append([]string{"todo-platform"}, f.apps...)
	sort.Strings(want)
	stages, _, err := parseDockerfile(filepath.Join(f.root, "deploy/docker/Dockerfile"))
	if err != nil || len(stages) < 2 {
		r.fail("docker: Dockerfile parses into a build and a runtime stage", []string{fmt.Sprint(err, " stages: ", len(stages))})
		return
	}
	build, runtime := stages[0], stages[len(stages)-1]
	var packages []string

	r.check("docker: the build stage runs scripts/build release (what CI runs) for exactly the shipped executables", func() []string {
		var p []string
		if !strings.HasPrefix(build.base, "debian:bookworm") || strings.Contains(build.base, "slim") {
			p = append(p, "build stage is "+build.base+", want debian:bookworm (Debian 12, as CI)")
		}
		found := false
		for _, in := range build.ins {
			if in.cmd != "RUN" {
				continue
			}
			i := strings.Index(in.args, "scripts/build release")
			if i < 0 {
				continue
			}
			found = true
			rest := strings.Fields(in.args[i+len("scripts/build release"):])
			var targets []string
			if len(rest) > 0 && rest[0] == "--target" {
				for _, t := range rest[1:] {
					if strings.HasPrefix(t, "-") || t == "&&" || t == ";" {
						break
					}
					targets = append(targets, t)
				}
				if !sameSet(targets, want) {
					p = append(p, fmt.Sprintf("scripts/build builds %v, want %v", targets, want))
				}
			}
		}
		if !found {
			p = append(p, "no RUN scripts/build release in the build stage")
		}
		return p
	})

	r.check("docker: the runtime stage ships exactly todo-platform and the app ids, the web bundle, as a non-root user", func() []string {
		var p []string
		if runtime.base != "debian:bookworm-slim" {
			p = append(p, "runtime stage is "+runtime.base+", want debian:bookworm-slim")
		}
		var copied []string
		web, user, cmd := false, "", ""
		envs := map[string]string{}
		for _, in := range runtime.ins {
			f := strings.Fields(in.args)
			switch in.cmd {
			case "COPY":
				if len(f) >= 3 && strings.HasPrefix(f[0], "--from=") {
					srcs, dst := f[1:len(f)-1], f[len(f)-1]
					if len(srcs) == 1 && strings.HasSuffix(srcs[0], "web/dist") {
						web = dst == "/app/web"
						continue
					}
					if dst != "/usr/local/bin/" && dst != "/app/bin/" {
						p = append(p, "executables copied to "+dst)
					}
					for _, s := range srcs {
						copied = append(copied, filepath.Base(s))
					}
				}
			case "USER":
				user = in.args
			case "CMD", "ENTRYPOINT":
				cmd = in.args
			case "ENV":
				for _, kv := range f {
					k, v, _ := strings.Cut(kv, "=")
					envs[k] = v
				}
			case "RUN":
				if i := strings.Index(in.args, "apt-get install"); i >= 0 {
					rest := in.args[i+len("apt-get install"):]
					if j := strings.Index(rest, "&&"); j >= 0 {
						rest = rest[:j]
					}
					for _, w := range strings.Fields(rest) {
						if !strings.HasPrefix(w, "-") {
							packages = append(packages, w)
						}
					}
				}
			}
		}
		sort.Strings(copied)
		if !sameSet(copied, want) {
			p = append(p, fmt.Sprintf("copies executables %v, want exactly %v", copied, want))
		}
		// The strip loop of the build stage must name the same set.
		for _, in := range build.ins {
			if in.cmd == "RUN" && strings.Contains(in.args, "for exe in") {
				m := regexp.MustCompile(`for exe in ([^;]+);`).FindStringSubmatch(in.args)
				if m == nil || !sameSet(strings.Fields(m[1]), want) {
					p = append(p, "the strip loop of the build stage does not name exactly the shipped executables")
				}
			}
		}
		if !web || envs["WEB_ROOT"] != "/app/web" {
			p = append(p, "web/dist is not shipped as /app/web with WEB_ROOT=/app/web")
		}
		uid := strings.Split(user, ":")[0]
		if uid == "" || uid == "0" || uid == "root" || strings.Trim(uid, "0123456789") != "" {
			p = append(p, fmt.Sprintf("USER %q: want a numeric non-root uid (Kubernetes runAsNonRoot can verify only numbers)", user))
		}
		if !strings.Contains(cmd, "todo-platform") {
			p = append(p, "the default command is not todo-platform")
		}
		for _, need := range []string{"tzdata", "ca-certificates"} {
			if !contains(packages, need) {
				p = append(p, "runtime packages lack "+need)
			}
		}
		return p
	})

	r.check("docker: every shipped executable is built ("+bin+") and the runtime packages provide every library ldd lists", func() []string {
		var p []string
		if bin == "" {
			return []string{"no -bin directory given"}
		}
		closure, missing := debClosure(packages)
		for _, m := range missing {
			p = append(p, "runtime package "+m+" is not installed here, so its libraries cannot be checked (apt-get install it)")
		}
		owners := map[string]string{}
		for _, exe := range want {
			path := filepath.Join(bin, exe)
			st, err := os.Stat(path)
			if err != nil || st.Mode()&0o111 == 0 {
				p = append(p, exe+": not built in "+bin)
				continue
			}
			out, err := exec.Command("ldd", path).CombinedOutput()
			if err != nil {
				p = append(p, fmt.Sprintf("ldd %s: %v: %s", exe, err, out))
				continue
			}
			for _, line := range strings.Split(string(out), "\n") {
				line = strings.TrimSpace(line)
				if line == "" || strings.HasPrefix(line, "linux-vdso") || strings.HasPrefix(line, "statically") {
					continue
				}
				if strings.Contains(line, "not found") {
					p = append(p, exe+": "+line)
					continue
				}
				lib := line
				if _, after, ok := strings.Cut(line, "=>"); ok {
					lib = after
				}
				lib = strings.Fields(lib)[0]
				if owners[lib] == "" {
					owners[lib] = debOwner(lib)
				}
				pkg := owners[lib]
				if pkg == "" {
					p = append(p, fmt.Sprintf("%s: %s belongs to no Debian package", exe, lib))
				} else if !closure[pkg] {
					p = append(p, fmt.Sprintf("%s needs %s from %s, which the runtime packages do not bring", exe, lib, pkg))
				}
			}
		}
		return dedupe(p)
	})

	r.check("docker: .dockerignore keeps build outputs, dependencies and local state out of the context", func() []string {
		data, err := os.ReadFile(filepath.Join(f.root, ".dockerignore"))
		if err != nil {
			return []string{err.Error()}
		}
		var p []string
		for _, need := range []string{"build/", "node_modules", ".local", "web/dist", ".git", "deploy/compose/secrets"} {
			if !strings.Contains(string(data), need) {
				p = append(p, ".dockerignore does not exclude "+need)
			}
		}
		return p
	})
}

// debOwner is the Debian package that ships a file (dpkg -S), trying the
// path as given and through /usr (merged /usr: /lib -> /usr/lib).
func debOwner(path string) string {
	candidates := []string{path}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		candidates = append(candidates, real)
	}
	for _, c := range append([]string{}, candidates...) {
		if strings.HasPrefix(c, "/usr/") {
			candidates = append(candidates, strings.TrimPrefix(c, "/usr"))
		} else {
			candidates = append(candidates, "/usr"+c)
		}
	}
	for _, c := range candidates {
		out, err := exec.Command("dpkg", "-S", c).Output()
		if err != nil {
			continue
		}
		line := strings.Split(string(out), "\n")[0]
		if pkg, _, ok := strings.Cut(line, ": "); ok && !strings.Contains(pkg, "diversion") {
			pkg, _, _ = strings.Cut(pkg, ":") // libc6:amd64
			return strings.TrimSpace(strings.Split(pkg, ",")[0])
		}
	}
	return ""
}

// debClosure is the set of installed packages the given ones depend on
// (Depends and Pre-Depends, recursively), themselves included.
func debClosure(pkgs []string) (map[string]bool, []string) {
	seen := map[string]bool{}
	var missing []string
	queue := append([]string{}, pkgs...)
	for len(queue) > 0 {
		pkg := queue[0]
		queue = queue[1:]
		if seen[pkg] {
			continue
		}
		out, err := exec.Command("dpkg-query", "-W", "-f=${Status}|${Depends}, ${Pre-Depends}", pkg).Output()
		if err != nil || !strings.HasPrefix(string(out), "install ok installed") {
			if contains(pkgs, pkg) {
				missing = append(missing, pkg)
			}
			continue
		}
		seen[pkg] = true
		_, deps, _ := strings.Cut(string(out), "|")
		for _, d := range strings.Split(deps, ",") {
			for _, alt := range strings.Split(d, "|") {
				name := strings.Fields(strings.TrimSpace(alt) + " ")
				if len(name) == 0 {
					continue
				}
				n, _, _ := strings.Cut(name[0], ":")
				if n != "" && !seen[n] {
					queue = append(queue, n)
				}
			}
		}
	}
	return seen, missing
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
