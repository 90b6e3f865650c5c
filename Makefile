# chuhai — everything a fresh Debian machine needs goes through `make deps`.
SWIFT ?= swift
PREFIX ?= /usr/local
APT_PACKAGES := libicu-dev libxml2-dev pkg-config
# Debian's epubcheck (Java); its /usr/bin/epubcheck is the jar itself, so tests run `java -jar`.
EPUBCHECK_JAR := /usr/share/java/epubcheck.jar
BIN = $(shell $(SWIFT) build -c release --show-bin-path)/chuhai

.PHONY: deps build release run test bench bench-compare install clean format profiles glossaries

# Installs the system libraries when pkg-config cannot find them (needs root).
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists icu-uc icu-i18n libxml-2.0; then \
		echo "make deps: installing $(APT_PACKAGES)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); \
	fi
	@if [ ! -f $(EPUBCHECK_JAR) ]; then \
		echo "make deps: installing epubcheck (EPUB tests run it)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq epubcheck; \
	fi
	@# ffmpeg reads our SRT/WebVTT output in the subtitle consumer tests.
	@if ! command -v ffmpeg >/dev/null 2>&1; then \
		echo "make deps: installing ffmpeg"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ffmpeg; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product chuhai

# The main job on the bundled demo: packages for en and es under dist/. chuhai exits 1 when its QA
# finds errors in the demo's translations; the packages are written all the same, so that is not a failure here.
run: release
	@$(BIN) run --config fixtures/demo/chuhai.yaml --out dist; status=$$?; \
		if [ $$status -gt 1 ]; then exit $$status; fi
	@echo "make run: the QA report for each language is dist/<lang>/qa.json"

test: deps
	$(SWIFT) build
	$(SWIFT) test

bench: deps
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark --no-progress
	$(MAKE) bench-compare
	Benchmarks/pipeline.sh

# PyPI srt/pysubs2 vs chuhai on the files SubtitleBenchmarks generated (venv in .build-bench/).
bench-compare: release
	python3 Benchmarks/compare/subtitles.py

# The shipped glossaries as TBX (ISO 30042, TBX-Basic) for CAT tools and term bases: dist/glossaries/*.tbx.
glossaries: release
	@mkdir -p dist/glossaries
	@for g in glossaries/*.yaml; do \
		out=dist/glossaries/$$(basename $$g .yaml).tbx; \
		$(BIN) glossary convert $$g --to tbx -o $$out || exit 2; echo "make glossaries: $$out"; \
	done

# Re-embeds profiles/subtitles/*.yaml into Sources/ChuhaiKit/Quality/ShippedProfiles.swift.
profiles:
	RECORD_PROFILES=1 $(SWIFT) test --filter ShippedProfilesTests/generatedFileIsCurrent

install: release
	install -D -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/chuhai

clean:
	rm -rf .build dist .chuhai-cache Benchmarks/.build
