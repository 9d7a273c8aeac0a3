# Shared by the bench scripts: nginx serving saved pages as the ceiling, one wrk run,
# and logging in. Source after setting APP_ADDR, NGINX_PORT, WORK, THREADS,
# CONNECTIONS and DURATION.

# The session cookie of a demo login ("leerlijn_sessie=…").
login() {
  curl -s -o /dev/null -D - -H "Origin: http://$APP_ADDR" --data-urlencode '_form=login' \
    --data-urlencode "email=$1" --data-urlencode 'password=leerlijn-demo-2026' \
    "http://$APP_ADDR/inloggen" | awk -F'[ ;]' 'tolower($1)=="set-cookie:" && $2 ~ /^leerlijn_sessie=/ {print $2}'
}

# nginx on $NGINX_PORT serving $WORK/www with the compression the app applies; sets NGINX_PID.
start_nginx() {
  mkdir -p "$WORK/nginx"
  cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  gzip on;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; }
}
CONF
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -g 'daemon off;' &
  NGINX_PID=$!
  for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$NGINX_PORT/" && break; sleep 0.1; done
}

# "requests/s p99-in-ms" of one wrk run.
measure() {
  local url=$1 cookie=$2 out
  out=$(wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Accept-Encoding: gzip" ${cookie:+-H "Cookie: $cookie"} "$url")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

# One table row per "name|path|cookie" page: the app against nginx serving its saved bytes.
compare_pages() {
  printf '%-20s %8s %10s %9s | %10s %9s | %8s %9s\n' page "html B" "app rps" "app p99" "nginx rps" "nginx p99" "ratio" "p99 x"
  local page name path cookie app_rps app_p99 ngx_rps ngx_p99 ratio slower
  for page in "$@"; do
    IFS='|' read -r name path cookie <<<"$page"
    read -r app_rps app_p99 <<<"$(measure "http://$APP_ADDR$path" "$cookie")"
    read -r ngx_rps ngx_p99 <<<"$(measure "http://127.0.0.1:$NGINX_PORT/$name.html" "")"
    ratio=$(awk -v a="$app_rps" -v n="$ngx_rps" 'BEGIN {printf "%.3f", a / n}')
    slower=$(awk -v a="$app_p99" -v n="$ngx_p99" 'BEGIN {printf "%.1f", a / n}')
    printf '%-20s %8s %10s %8sms | %10s %8sms | %8s %9s\n' "$name" "$(stat -c %s "$WORK/www/$name.html")" "$app_rps" "$app_p99" "$ngx_rps" "$ngx_p99" "$ratio" "$slower"
  done
}

# Saves each page as the app serves it, for nginx to serve the same bytes.
save_pages() {
  mkdir -p "$WORK/www"
  local page name path cookie
  for page in "$@"; do
    IFS='|' read -r name path cookie <<<"$page"
    curl -fs -H "Cookie: $cookie" "http://$APP_ADDR$path" -o "$WORK/www/$name.html" || { echo "$name ($path) failed" >&2; return 1; }
  done
}
