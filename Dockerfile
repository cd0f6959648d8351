# syntax=docker/dockerfile:1
# Image of senderdomain-operator: build the shaded jar with Maven, run it on a small JRE as a non-root user.
#   docker build -t senderdomain-operator:dev .
# The same image can be built without Docker by Jib: mvn -Pjib package jib:build (see docs/install.md).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first, so that a source change does not download them again.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
# Tests run in CI, not in the image build; the shade plugin writes target/senderdomain-operator.jar.
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre-alpine AS runtime
# A fixed numeric UID/GID, so that Kubernetes can check runAsNonRoot (the chart sets the same IDs).
RUN addgroup -S -g 10001 operator && adduser -S -D -H -u 10001 -G operator operator \
    && mkdir -p /data /app && chown 10001:10001 /data
COPY --from=build /build/target/senderdomain-operator.jar /app/senderdomain-operator.jar
USER 10001:10001
WORKDIR /app
# /tmp and /data are the only paths written; in Kubernetes they are emptyDirs (read-only root filesystem).
VOLUME ["/tmp", "/data"]
EXPOSE 8080
# Heap from the container's memory limit; exit on OOM so Kubernetes restarts the pod.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/senderdomain-operator.jar"]
CMD ["run"]
