{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "trail-insights.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name: release-chart, or the release name alone when it already contains the chart name. */}}
{{- define "trail-insights.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "trail-insights.forwardName" -}}
{{- printf "%s-forward" (include "trail-insights.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "trail-insights.ingestName" -}}
{{- printf "%s-ingest" (include "trail-insights.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "trail-insights.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object. */}}
{{- define "trail-insights.labels" -}}
helm.sh/chart: {{ include "trail-insights.chart" . }}
app.kubernetes.io/name: {{ include "trail-insights.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: trail-insights
{{- end -}}

{{/* Selector labels of the detector. */}}
{{- define "trail-insights.selectorLabels" -}}
app.kubernetes.io/name: {{ include "trail-insights.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: detector
{{- end -}}

{{/* Selector labels of the forwarder. */}}
{{- define "trail-insights.forwardSelectorLabels" -}}
app.kubernetes.io/name: {{ include "trail-insights.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: forward
{{- end -}}

{{- define "trail-insights.ingestSelectorLabels" -}}
app.kubernetes.io/name: {{ include "trail-insights.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: ingest
{{- end -}}

{{- define "trail-insights.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "trail-insights.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "trail-insights.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* Kafka client environment shared by the detector and the forwarder: KAFKA_<NAME> per client property, and the JAAS file. */}}
{{- define "trail-insights.kafkaEnv" -}}
{{- range $name, $value := .Values.kafka.clientProperties }}
- name: {{ printf "KAFKA_%s" ($name | upper | replace "." "_" | replace "-" "_") }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- if .Values.kafka.sasl.existingSecret }}
- name: KAFKA_SASL_JAAS_CONFIG_FILE
  value: /var/run/secrets/trail-insights/kafka/{{ .Values.kafka.sasl.key }}
{{- end }}
{{- end -}}

{{- define "trail-insights.kafkaSecretVolume" -}}
{{- if .Values.kafka.sasl.existingSecret }}
- name: kafka-sasl
  secret:
    secretName: {{ .Values.kafka.sasl.existingSecret }}
    items:
      - key: {{ .Values.kafka.sasl.key }}
        path: {{ .Values.kafka.sasl.key }}
{{- end }}
{{- end -}}

{{- define "trail-insights.kafkaSecretMount" -}}
{{- if .Values.kafka.sasl.existingSecret }}
- name: kafka-sasl
  mountPath: /var/run/secrets/trail-insights/kafka
  readOnly: true
{{- end }}
{{- end -}}

{{/* HTTP probes on the named port. */}}
{{- define "trail-insights.probes" -}}
startupProbe:
  httpGet:
    path: /healthz
    port: http
  {{- toYaml .Values.startupProbe | nindent 2 }}
livenessProbe:
  httpGet:
    path: /healthz
    port: http
  {{- toYaml .Values.livenessProbe | nindent 2 }}
readinessProbe:
  httpGet:
    path: /readyz
    port: http
  {{- toYaml .Values.readinessProbe | nindent 2 }}
{{- end -}}
