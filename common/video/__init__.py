"""Qt-free video capture layer: stream specs, capture workers (threads or processes), frames, demo streams.

Nothing here imports Qt. Consumers (the wall's tile widgets) register callbacks, which run on a
capture-owned thread, or poll ``latest()``; they must hop to their own thread themselves.
"""
