#!/usr/bin/env python3
"""A minimal SMTP sink on loopback for bench/mail.sh: accepts every message, counts
them in COUNT_FILE (rewritten after each one). Standard library only."""
import asyncio, socket, sys

PORT, COUNT_FILE = int(sys.argv[1]), sys.argv[2]
received = 0

async def session(reader, writer):
    global received
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    writer.write(b"220 sink ESMTP\r\n")
    in_data = False
    while line := await reader.readline():
        # Acknowledge at once, as a busy mail server does, so the client's last small
        # write (the end of DATA) is not held back by Nagle waiting for a delayed ACK.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        if in_data:
            if line == b".\r\n":
                in_data = False
                received += 1
                with open(COUNT_FILE, "w") as f:
                    f.write(str(received))
                writer.write(b"250 OK\r\n")
            continue
        verb = line[:4].upper()
        if verb == b"DATA":
            in_data = True
            writer.write(b"354 go ahead\r\n")
        elif verb == b"QUIT":
            writer.write(b"221 bye\r\n")
            await writer.drain()
            break
        else:
            writer.write(b"250 OK\r\n")
        await writer.drain()
    writer.close()

async def main():
    server = await asyncio.start_server(session, "127.0.0.1", PORT)
    async with server:
        await server.serve_forever()

asyncio.run(main())
