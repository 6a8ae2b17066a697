from shortener import app

if __name__ == "__main__":
    app.run(port=8000, debug=True)
