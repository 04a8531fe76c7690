#pragma once

#include <QCheckBox>

class QLabel;

/// A check box whose text wraps (long legal statements); the whole widget is clickable.
class WrappingCheckBox final : public QCheckBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WrappingCheckBox)

public:
    explicit WrappingCheckBox(QWidget *parent = nullptr);
    ~WrappingCheckBox() override;

    /// Sets the statement (rich text allowed); `accessibleText` is the plain version read by
    /// screen readers, also used as the accessible name.
    void setStatement(const QString &text, const QString &accessibleText);
    QString statement() const;

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    bool hitButton(const QPoint &pos) const override;
    void resizeEvent(QResizeEvent *event) override;

private:
    int indent() const;

    QLabel *m_label = nullptr;
};
