# talaan: one image for the API (`serve`) and the workers (`worker`).
# Build: docker build -t talaan .
# Run:   docker run -p 127.0.0.1:8080:8080 -v talaan-data:/var/lib/talaan talaan
# The scale-out setup (PostgreSQL, MinIO, one API, two workers) is in
# docker-compose.yml.

# Build stage: cgo with Tesseract's and Leptonica's headers.
FROM golang:1.26-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libtesseract-dev libleptonica-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/talaan ./cmd/talaan

# Run stage: only the runtime libraries, the language data (English,
# Filipino, orientation) and poppler's pdftotext/pdftoppm.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libtesseract5 liblept5 tesseract-ocr-eng tesseract-ocr-fil tesseract-ocr-osd \
      poppler-utils ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/talaan --create-home talaan
COPY --from=build /out/talaan /usr/local/bin/talaan
USER 10001:10001
WORKDIR /var/lib/talaan
# OMP_THREAD_LIMIT=1: Tesseract's OpenMP threads make it 2-3x slower (the
# binary also re-executes itself with it); listen on all interfaces inside
# the container, publish the port on the host as you need.
ENV OMP_THREAD_LIMIT=1 \
    TALAAN_ADDR=0.0.0.0:8080 \
    TALAAN_DATA_DIR=/var/lib/talaan
EXPOSE 8080
VOLUME ["/var/lib/talaan"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/talaan"]
CMD ["serve"]
