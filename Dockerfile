# The judge server as a container (deploy/README.md). It talks to the host's Docker engine through the mounted
# socket and starts the sandboxes there; the challenges and the database live on volumes.
#   docker build -t apug-judge:1 .          (needs a registry for the two base images)
#   deploy/build-offline.sh                  (the same image without a registry: debootstrap + docker import)
# The sandbox images are not built from inside this container (that needs root and debootstrap): build them on the
# host first with sandbox-images/build-offline.sh (or their Dockerfiles).

# Other sources of the same images (a mirror, pinned digests): --build-arg SDK_IMAGE=… --build-arg RUNTIME_IMAGE=…
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
# The pages' libraries (CodeMirror, Pyodide, the SignalR client, qrcode) come from npm during the build.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Apug.Server/Apug.Server.csproj src/Apug.Server/package.json src/Apug.Server/package-lock.json src/Apug.Server/
RUN dotnet restore src/Apug.Server/Apug.Server.csproj
COPY src/Apug.Server/ src/Apug.Server/
# Build, then publish in a new evaluation: wwwroot/lib is made by the build, and a publish that evaluated the project
# before it existed would leave it out.
RUN dotnet build src/Apug.Server/Apug.Server.csproj -c Release --no-restore \
 && dotnet publish src/Apug.Server/Apug.Server.csproj -c Release --no-build -o /app \
 && test -f /app/wwwroot/lib/signalr/signalr.min.js

FROM ${RUNTIME_IMAGE}
# Everything below up to ENTRYPOINT is also what deploy/build-offline.sh gives its image (it reads these lines).
COPY --from=build /app /app
# The server checks the sandbox images against runner.py (a label holds its hash); publish leaves this folder out.
COPY sandbox-images /app/sandbox-images
# The bundled challenges: a new named volume on /srv/challenges starts as a copy of them.
COPY challenges /srv/challenges
RUN mkdir -p /data && chown 1654:1654 /data
WORKDIR /app
ENV Apug__ChallengesPath=/srv/challenges
ENV Apug__DatabasePath=/data/apug.db
ENV Apug__Sandbox__ImagesPath=/app/sandbox-images
ENV Apug__Sandbox__BuildMissingImages=false
ENV ASPNETCORE_URLS=http://+:8080
VOLUME /data
VOLUME /srv/challenges
EXPOSE 8080
# The base image's unprivileged "app" user (1654). Reaching the engine's socket needs its group: compose.yaml adds it.
USER 1654
ENTRYPOINT ["dotnet", "/app/Apug.Server.dll"]
